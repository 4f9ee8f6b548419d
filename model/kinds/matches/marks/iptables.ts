// mark and connmark `--mark value[/mask]` (libxt_mark.c, libxt_connmark.c): true when (mark & mask) == value.
import { bad, bang, hex, type MatchModule, parseMarkMask, U32_MAX } from '../../../syntax/index.ts';
import type { MatchKindIptables } from '../../match-kind.ts';

function markModule(kind: 'mark' | 'connmark'): MatchModule {
  return {
    options: [{ name: '--mark', arity: 1, negatable: true }],
    compile([option], ctx) {
      if (!option) {
        ctx.report('missing-argument', ctx.at, `-m ${kind} needs --mark value[/mask]`);
        return undefined;
      }
      const token = option.values[0]!;
      const mm = parseMarkMask(token.text);
      if (!mm)
        return bad(ctx, token, `bad mark ${JSON.stringify(token.text)} (value[/mask], 32-bit, decimal or 0x hex)`);
      return [{ kind, negated: option.negated, value: mm.value, mask: mm.mask }];
    },
  };
}

export const mark = markModule('mark');
export const connmark = markModule('connmark');

/** xt_mark / xt_connmark save: the mask only when it is not all ones. */
function markText(value: number, mask: number): string {
  return mask === U32_MAX ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

export const markIptables: MatchKindIptables<'mark'> = {
  modules: { mark },
  generic: null,
  print: (m) => `-m mark ${bang(m.negated)}--mark ${markText(m.value, m.mask)}`,
};

export const connmarkIptables: MatchKindIptables<'connmark'> = {
  modules: { connmark },
  generic: null,
  print: (m) => `-m connmark ${bang(m.negated)}--mark ${markText(m.value, m.mask)}`,
};
