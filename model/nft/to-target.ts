// What an nft rule does once its matches hold, as one target of the format-independent ruleset. An nft rule is a
// list of statements run in turn; the ruleset's rule has a single target, so the action statements after the
// matches must make one of the shapes below. Anything else (two effects, a match after an effect) is kept as an
// unsupported target, so a packet that reaches it is undetermined rather than guessed.
import type { Range, Target } from '../ruleset/index.ts';
import { printStatement } from './print-rule.ts';
import type { NftStatement, NftValue } from './types.ts';

type Action = Exclude<NftStatement, { kind: 'match' | 'counter' }>;

const FULL_MASK = 0xffffffff;

const unsupported = (actions: readonly Action[], why: string): { target: Target; why: string } => ({
  target: { kind: 'unsupported', name: 'nft', text: actions.map(printStatement).join(' ') },
  why,
});

function port(v: NftValue | undefined): Range | null | undefined {
  if (v === undefined) return undefined;
  if (v.kind === 'number') return { from: v.value, to: v.value };
  if (v.kind === 'range' && v.from.kind === 'number' && v.to.kind === 'number')
    return { from: v.from.value, to: v.to.value };
  return null;
}

/** `meta mark set N`, `meta mark set ct mark`, `ct mark set N`, `ct mark set meta mark`, `ct zone set N`. */
function setTarget(s: Extract<Action, { kind: 'set' }>): Target | null {
  const v = s.value;
  if (s.key.kind === 'meta' && s.key.key === 'mark') {
    if (v.kind === 'number') return { kind: 'mark', value: v.value, mask: FULL_MASK };
    // nft_ct's get of the mark into the packet's mark: CONNMARK --restore-mark with full masks.
    if (v.kind === 'expr' && v.expr.kind === 'ct' && v.expr.key === 'mark' && !v.expr.dir)
      return { kind: 'connmark-restore', nfmask: FULL_MASK, ctmask: FULL_MASK };
    return null;
  }
  if (s.key.kind === 'ct' && s.key.key === 'mark' && !s.key.dir) {
    if (v.kind === 'number') return { kind: 'connmark-set', value: v.value, mask: FULL_MASK };
    if (v.kind === 'expr' && v.expr.kind === 'meta' && v.expr.key === 'mark')
      return { kind: 'connmark-save', nfmask: FULL_MASK, ctmask: FULL_MASK };
    return null;
  }
  if (s.key.kind === 'ct' && s.key.key === 'zone' && !s.key.dir && v.kind === 'number') {
    return { kind: 'ct', options: `--zone ${v.value}`, zone: v.value };
  }
  return null;
}

/** One action statement that is the whole of what the rule does. */
function single(a: Action): Target | null {
  switch (a.kind) {
    case 'verdict':
      return a.verdict === 'continue' ? { kind: 'none' } : { kind: a.verdict };
    case 'jump':
    case 'goto':
      return { kind: a.kind, chain: a.target };
    case 'redirect': {
      const toPorts = port(a.port);
      if (toPorts === null) return null;
      return toPorts ? { kind: 'redirect', toPorts } : { kind: 'redirect' };
    }
    case 'set':
      return setTarget(a);
    default:
      return null;
  }
}

/**
 * `tproxy [ip|ip6] to [addr]:port [meta mark set N] accept`: the shape of xt_TPROXY (which sets the mark and
 * accepts), except that without a transparent socket nft's rule ends and the chain goes on (the `nft` flag).
 */
function tproxy(actions: readonly Action[]): Target | null {
  const [first, ...rest] = actions;
  if (first?.kind !== 'tproxy' || first.port === undefined) return null;
  const last = rest.at(-1);
  if (last?.kind !== 'verdict' || last.verdict !== 'accept') return null;
  const middle = rest.slice(0, -1);
  if (middle.length > 1) return null;
  const mark = middle[0] ? setTarget(middle[0] as Extract<Action, { kind: 'set' }>) : undefined;
  if (middle[0] && (middle[0].kind !== 'set' || mark?.kind !== 'mark')) return null;
  return {
    kind: 'tproxy',
    onPort: first.port,
    ...(first.addr ? { onIp: first.addr } : {}),
    ...(mark?.kind === 'mark' ? { mark: { value: mark.value, mask: mark.mask } } : {}),
    nft: true,
  };
}

/** The target of a rule whose matches are done, from its remaining statements (counters left out). */
export function convertActions(actions: readonly Action[]): { target: Target; why?: string } {
  if (actions.length === 0) return { target: { kind: 'none' } };
  if (actions.some((a) => a.kind === 'unsupported'))
    return unsupported(actions, 'a statement this model does not know');
  if (actions[0]!.kind === 'tproxy') {
    const t = tproxy(actions);
    return t ? { target: t } : unsupported(actions, 'a tproxy not followed by an optional mark and accept');
  }
  const t = single(actions[0]!);
  if (!t) return unsupported(actions, 'an action this model does not know');
  // redirect ends the rule (nft_redir_eval sets the verdict NF_ACCEPT), and so do verdicts: what follows never runs.
  const ends =
    actions[0]!.kind === 'redirect' ||
    actions[0]!.kind === 'verdict' ||
    actions[0]!.kind === 'jump' ||
    actions[0]!.kind === 'goto';
  if (actions.length > 1 && !ends) return unsupported(actions, 'more than one action in one rule');
  return { target: t };
}

export type { Action };
