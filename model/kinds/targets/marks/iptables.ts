// MARK and CONNMARK (libxt_MARK.c, libxt_CONNMARK.c). Every way of writing a mark change is normalised to the
// kernel's xmark form, new = (old & ~mask) ^ value, exactly as the userspace parsers fill struct xt_mark_tginfo2:
//   --set-xmark V/M -> (V, M)        --set-mark V/M -> (V, V | M)     (M defaults to 0xffffffff)
//   --and-mark V    -> (0, ~V)       --or-mark V    -> (V, V)         --xor-mark V -> (V, 0)

import type { Target } from '../../../ruleset/index.ts';
import {
  bad,
  type GivenOption,
  given,
  hex,
  type ModuleContext,
  type OptionDef,
  parseMarkMask,
  parseUint,
  type TargetModule,
  U32_MAX,
} from '../../../syntax/index.ts';
import type { TargetKindIptables } from '../../target-kind.ts';

const CHANGES: readonly OptionDef[] = [
  { name: '--set-xmark', arity: 1 },
  { name: '--set-mark', arity: 1 },
  { name: '--and-mark', arity: 1 },
  { name: '--or-mark', arity: 1 },
  { name: '--xor-mark', arity: 1 },
];

interface Xmark {
  readonly value: number;
  readonly mask: number;
}

function xmark(option: GivenOption, ctx: ModuleContext): Xmark | undefined {
  const token = option.values[0]!;
  const name = option.def.name;
  if (name === '--set-xmark' || name === '--set-mark') {
    const mm = parseMarkMask(token.text);
    if (!mm) return bad(ctx, token, `bad ${name} ${JSON.stringify(token.text)} (value[/mask], 32-bit)`);
    return { value: mm.value, mask: name === '--set-xmark' ? mm.mask : (mm.value | mm.mask) >>> 0 };
  }
  const value = parseUint(token.text);
  if (value === undefined) return bad(ctx, token, `bad ${name} ${JSON.stringify(token.text)} (a 32-bit value)`);
  if (name === '--and-mark') return { value: 0, mask: ~value >>> 0 };
  if (name === '--or-mark') return { value, mask: value };
  return { value, mask: 0 };
}

/** The one option among `allowed` that was given, or an issue when there are none or several. */
function exactlyOne(options: readonly GivenOption[], allowed: readonly string[], ctx: ModuleContext, what: string) {
  const chosen = options.filter((o) => allowed.includes(o.def.name));
  if (chosen.length === 0) ctx.report('missing-argument', ctx.at, `${what} needs one of ${allowed.join(', ')}`);
  if (chosen.length > 1)
    ctx.report('illegal-option', chosen[1]!.token, `${what} takes only one of ${allowed.join(', ')}`);
  return chosen.length === 1 ? chosen[0] : undefined;
}

export const MARK: TargetModule = {
  options: CHANGES,
  compile(options, ctx) {
    const option = exactlyOne(
      options,
      CHANGES.map((d) => d.name),
      ctx,
      'MARK',
    );
    const change = option && xmark(option, ctx);
    return change && { kind: 'mark', ...change };
  },
};

const MODES = ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark', '--save-mark', '--restore-mark'];
const MASKS = ['--nfmask', '--ctmask', '--mask'];

function maskOf(option: GivenOption | undefined, ctx: ModuleContext): number | undefined | null {
  if (!option) return undefined;
  const value = parseUint(option.values[0]!.text);
  return value ?? bad(ctx, option.values[0]!, `bad ${option.def.name} (a 32-bit value)`) ?? null;
}

export const CONNMARK: TargetModule = {
  options: [
    ...CHANGES,
    { name: '--save-mark', arity: 0 },
    { name: '--restore-mark', arity: 0 },
    ...MASKS.map((name): OptionDef => ({ name, arity: 1 })),
  ],
  compile(options, ctx): Target | undefined {
    const mode = exactlyOne(options, MODES, ctx, 'CONNMARK');
    if (!mode) return undefined;
    const masks = options.filter((o) => MASKS.includes(o.def.name));
    if (mode.def.name !== '--save-mark' && mode.def.name !== '--restore-mark') {
      if (masks[0]) {
        ctx.report(
          'illegal-option',
          masks[0].token,
          `${masks[0].token.text} only goes with --save-mark or --restore-mark`,
        );
        return undefined;
      }
      const change = xmark(mode, ctx);
      return change && { kind: 'connmark-set', ...change };
    }
    // --mask sets both masks; --nfmask and --ctmask set one each (connmark_tg_parse).
    const both = maskOf(given(options, '--mask'), ctx);
    const nf = maskOf(given(options, '--nfmask'), ctx);
    const ct = maskOf(given(options, '--ctmask'), ctx);
    if (both === null || nf === null || ct === null) return undefined;
    const nfmask = nf ?? both ?? U32_MAX;
    const ctmask = ct ?? both ?? U32_MAX;
    return { kind: mode.def.name === '--save-mark' ? 'connmark-save' : 'connmark-restore', nfmask, ctmask };
  },
};

export const markIptables: TargetKindIptables<'mark'> = {
  modules: { MARK },
  print: (t) => `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`,
};
// CONNMARK's one `-j` name produces three kinds; the module is listed under the first.
export const connmarkSetIptables: TargetKindIptables<'connmark-set'> = {
  modules: { CONNMARK },
  print: (t) => `-j CONNMARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`,
};
export const connmarkSaveIptables: TargetKindIptables<'connmark-save'> = {
  modules: {},
  print: (t) => `-j CONNMARK --save-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`,
};
export const connmarkRestoreIptables: TargetKindIptables<'connmark-restore'> = {
  modules: {},
  print: (t) => `-j CONNMARK --restore-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`,
};
