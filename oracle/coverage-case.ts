// One coverage case: a connection in a world whose rules the kernel loads, simulated by the model and planned for
// replay before the kernel is involved. Whether a case can be replayed is decided here, from the model and the
// oracle's topology alone, so "skipped" never depends on what the kernel did.
import { type Connection, simulate, type World } from '../model/pod/index.ts';
import type { Trace } from '../model/trace/index.ts';
import type { HopComparison } from './compare.ts';
import { inboundPathMatchesSource, oracleListeners, planReplay, type ReplayPlan } from './replay-trace.ts';

export type CaseSet = 'scenario' | 'arbitrary' | 'mutant' | 'loop';

export interface CaseMeta {
  /** Unique and stable, e.g. `istio-1.10 scenario remote-to-local`. */
  readonly id: string;
  readonly profile: string;
  readonly set: CaseSet;
  /** The ruleset: `as shipped`, or the edit or mutant that produced it. */
  readonly variant: string;
  /** Scenario id, or the connection's position in the arbitrary stream. */
  readonly label: string;
}

export interface PreparedCase {
  readonly meta: CaseMeta;
  readonly world: World;
  /** What the kernel loads (iptables-restore text). */
  readonly rules: string;
  readonly connection: Connection;
  readonly trace: Trace;
  readonly plan: ReplayPlan;
  /** Cases with equal keys can share an oracle session (oracleListeners(world).key). */
  readonly listenersKey: string;
}

export interface CaseResult {
  readonly meta: CaseMeta;
  readonly trace: Trace;
  readonly status: 'compared' | 'skipped';
  /** For a skipped case: the reason's code (replay-trace.ts SKIP_REASONS) and the details. */
  readonly skip?: { readonly code: string; readonly reason: string };
  readonly hops: readonly HopComparison[];
}

export function prepareCase(meta: CaseMeta, world: World, rules: string, connection: Connection): PreparedCase {
  const trace = simulate(world, connection);
  const listeners = oracleListeners(world);
  const inboundSourceMatters = inboundPathMatchesSource(world.pod.rulesets.ipv4);
  const plan = planReplay({ listeners, inboundSourceMatters }, meta.id, trace);
  return { meta, world, rules, connection, trace, plan, listenersKey: listeners.key };
}

export function skippedResult(c: PreparedCase, code: string, reason: string): CaseResult {
  return { meta: c.meta, trace: c.trace, status: 'skipped', skip: { code, reason }, hops: [] };
}

export function agrees(r: CaseResult): boolean {
  return r.status === 'compared' && r.hops.every((h) => h.agree);
}
