// What targets do to a packet, as their kinds' modules say (model/kinds/targets): marks change it in place; NAT,
// REDIRECT and TPROXY end the table with an effect, which the caller applies once the hook is done (applyEffect).
import {
  applyContinuing,
  type ContinuingTarget,
  type EffectKind,
  type TargetOf,
  targetEffect,
} from '../kinds/index.ts';
import type { Hook } from '../ruleset/index.ts';
import type { CompiledRule } from './compile.ts';
import type { Packet } from './packet.ts';
import { ACCEPT, type HostView, type NatEffect, type TableOutcome, type WorkingPacket } from './traversal-types.ts';

type ConstantEffects = Readonly<Record<Packet['family'], NatEffect>> | null;

/** An effect target's constant effect at a hook (its kind's `constant`), built once per rule and hook. */
const constants = new WeakMap<CompiledRule, Map<Hook, ConstantEffects>>();

export function constantEffects(rule: CompiledRule, hook: Hook): ConstantEffects {
  const effect = targetEffect(rule.target);
  if (!effect) return null;
  let byHook = constants.get(rule);
  if (!byHook) {
    byHook = new Map();
    constants.set(rule, byHook);
  }
  let effects = byHook.get(hook);
  if (effects === undefined) {
    effects = effect.constant(rule.target as TargetOf<EffectKind>, hook);
    byHook.set(hook, effects);
  }
  return effects;
}

export function undeterminedAt(rule: CompiledRule): TableOutcome {
  const m = rule.matches.find((x) => x.kind === 'unsupported' || x.kind === 'conntrack');
  return {
    kind: 'undetermined',
    at: rule.hit,
    reason: `the rule's other matches hold, and whether \`${m?.kind === 'unsupported' ? m.text : (m?.kind ?? '?')}\` matches is not modelled`,
  };
}

/** A continuing target's work on the packet, by its kind's module (model/kinds). */
export function applyMarks(rule: CompiledRule, p: WorkingPacket): void {
  applyContinuing(rule.target as ContinuingTarget, p);
}

export function applyEffect(p: WorkingPacket, e: NatEffect): void {
  if (e.kind === 'dnat') {
    p.dst = e.toAddr;
    p.dport = e.toPort;
  } else if (e.kind === 'snat') {
    p.src = e.toAddr;
    p.sport = e.toPort;
  } else if (e.mark) p.mark = ((p.mark & ~e.mark.mask) ^ e.mark.value) >>> 0;
}

/**
 * nft's `tproxy` statement that finds no transparent socket ends its rule and the chain goes on with the next rule
 * (net/netfilter/nft_tproxy.c: `regs->verdict.code = NFT_BREAK`); the walk goes on after such an outcome. The rule
 * is taken back from the hits: the statements after tproxy (Istio's `meta mark set 1337 counter accept`, so its
 * counter too) never run.
 */
export const NFT_BREAK: unique symbol = Symbol('NFT_BREAK');

/**
 * Ends the table with a NAT or TPROXY target's effect, as its kind's module (model/kinds/targets/nat, tproxy) works
 * it out from the packet and the host: the effect is recorded for the caller, or the target drops the packet, or
 * the model cannot tell, or (nft tproxy) the rule ends and the chain goes on.
 */
export function applyTerminal(
  rule: CompiledRule,
  hook: Hook,
  p: WorkingPacket,
  host: HostView,
  effects: NatEffect[],
): TableOutcome | typeof NFT_BREAK {
  const t = rule.target;
  const effect = targetEffect(t);
  if (!effect) throw new Error(`not a terminal NAT target: ${t.kind}`);
  const fixed = constantEffects(rule, hook);
  if (fixed) {
    effects.push(fixed[p.family]);
    return ACCEPT;
  }
  const result = effect.apply(t as TargetOf<EffectKind>, hook, p, host);
  if ('effect' in result) {
    effects.push(result.effect);
    return ACCEPT;
  }
  if ('drop' in result) return { kind: 'drop', reason: result.drop };
  if ('nftBreak' in result) return NFT_BREAK;
  return { kind: 'undetermined', at: rule.hit, reason: result.undetermined };
}
