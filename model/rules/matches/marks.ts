// mark and connmark `--mark value[/mask]` (libxt_mark.c, libxt_connmark.c): true when (mark & mask) == value.
import { bad, type MatchModule, parseMarkMask } from '../../syntax/index.ts';

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
