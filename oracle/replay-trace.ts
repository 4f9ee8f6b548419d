// Turns a model trace into oracle hops: each model hop becomes one fresh connection in the kernel (the harness opens
// a new socket per hop), from the hop's actor (its uid/gid in the pod, or the remote namespace for someone outside),
// bound where the model's connection bound, to the hop's destination before NAT. A hop the harness cannot replay
// faithfully makes the whole trace "skipped" with the reason; it is never counted as an agreement.
import type { Connection, World } from '../model/pod/index.ts';
import type { Ruleset } from '../model/rules/index.ts';
import type { Hop, Trace } from '../model/trace/index.ts';
import { hopConnections } from './replay-trace-connections.ts';
import { type ExpectedLanding, expectedLanding, oraclePodRoute, REMOTE_OWNED } from './replay-trace-landing.ts';
import type { OracleListeners } from './replay-trace-listeners.ts';
import { POD_ADDR, REMOTE_ADDR } from './topology.ts';
import type { OracleHop } from './types.ts';

export type { ExpectedLanding } from './replay-trace-landing.ts';
export { type OracleListeners, oracleListeners } from './replay-trace-listeners.ts';

/**
 * A hop that should go unanswered needs no 2 s wait: the SYN has been through netfilter before connect() returns
 * (tcp_v4_connect sends it synchronously). Only non-local addresses the remote namespace does not own are expected
 * to go unanswered, and nothing there could answer unless the NAT differed, which the counters show anyway.
 */
export const UNANSWERED_TIMEOUT_MS = 50;

export interface PlannedHop {
  /** `<case id>#<hop n>`. */
  readonly id: string;
  readonly model: Hop;
  readonly replay: OracleHop;
  readonly expect: ExpectedLanding;
  /** Where the replay differs from the model's hop, and why that cannot change what the rules do. */
  readonly substitutions: readonly string[];
}

/** Why a trace cannot be replayed faithfully; the report groups skipped connections by it. */
export type SkipCode =
  | 'not-tcp'
  | 'not-ipv4'
  | 'fixed-sport'
  | 'undetermined'
  | 'no-stand-in'
  | 'no-route'
  | 'bind-not-local'
  | 'remote-dst'
  | 'remote-src'
  | 'rebuild';

export const SKIP_REASONS: Readonly<Record<SkipCode, string>> = {
  'not-tcp': 'not TCP: the harness replays TCP connections only',
  'not-ipv4': "not IPv4: the oracle's namespaces are IPv4 only",
  'fixed-sport': 'a fixed source port: the harness chooses source ports itself',
  undetermined: 'the model cannot decide a hop (unmodelled match or target)',
  'no-stand-in': 'the model lands on a listener the oracle has no stand-in for',
  'no-route':
    "a destination outside the oracle's own namespaces: deliberately not routed (the oracle only sends traffic to its own test hosts' addresses)",
  'bind-not-local': "the bind address is not an address of the oracle's pod",
  'remote-dst': "an outside actor connects to an address other than the pod's",
  'remote-src': 'an outside actor with its own address, and the inbound rules match -s',
  rebuild: "the hops' connections could not be rebuilt from the trace",
};

export type ReplayPlan =
  | { readonly ok: true; readonly hops: readonly PlannedHop[] }
  | { readonly ok: false; readonly code: SkipCode; readonly reason: string };

export interface ReplayContext {
  readonly world: World;
  readonly listeners: OracleListeners;
}

/** Whether any rule on the path of an arriving packet (PREROUTING, INPUT and the chains they reach) matches -s. */
export function inboundPathMatchesSource(rs: Ruleset | undefined): boolean {
  for (const table of rs?.tables ?? []) {
    const chains = new Map(table.chains.map((c) => [c.name, c]));
    const todo = ['PREROUTING', 'INPUT'];
    const seen = new Set<string>();
    for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      for (const rule of chains.get(name)?.rules ?? []) {
        if (rule.matches.some((m) => m.kind === 'source')) return true;
        if (rule.target.kind === 'jump' || rule.target.kind === 'goto') todo.push(rule.target.chain);
      }
    }
  }
  return false;
}

type HopPlan = { ok: true; hop: PlannedHop } | { ok: false; code: SkipCode; reason: string };

function planHop(ctx: ReplayContext, id: string, hop: Hop, c: Connection, inboundSourceMatters: boolean): HopPlan {
  const skip = (code: SkipCode, why: string): HopPlan => ({ ok: false, code, reason: `hop ${hop.n}: ${why}` });
  if (hop.protocol !== 'tcp') return skip('not-tcp', hop.protocol);
  if (hop.family !== 'ipv4') return skip('not-ipv4', hop.family);
  // The harness gives every connection its own source port (unique conntrack tuples, oracle/ports.ts).
  if (c.sport !== undefined) return skip('fixed-sport', `source port ${c.sport}`);
  const landing = expectedLanding(hop.landed, ctx.listeners);
  if (!landing.ok) return skip(landing.code, landing.reason);
  const dst = { dst: hop.dst.addr, dport: hop.dst.port };
  const timeout = landing.expect.kind === 'unanswered' ? { timeoutMs: UNANSWERED_TIMEOUT_MS } : {};
  const owner = hop.actor.owner;
  if (hop.actor.where === 'pod' && owner) {
    // Without a route connect() fails before the SYN exists (ENETUNREACH), so netfilter would never see it; the model
    // assumes the pod's default route, which the oracle's pod namespace does not have.
    if (oraclePodRoute(hop.dst.addr) === null) {
      return skip('no-route', `no route to ${hop.dst.addr} in the oracle's pod namespace`);
    }
    if (c.src !== undefined && oraclePodRoute(c.src) !== 'lo') {
      return skip('bind-not-local', `the bind address ${c.src} is not an address of the oracle's pod`);
    }
    const actor = { where: 'pod', uid: owner.uid, gid: owner.gid } as const;
    const replay: OracleHop = { id, actor, ...(c.src === undefined ? {} : { src: c.src }), ...dst, ...timeout };
    return { ok: true, hop: { id, model: hop, replay, expect: landing.expect, substitutions: [] } };
  }
  if (hop.dst.addr !== POD_ADDR) return skip('remote-dst', `${hop.actor.id} connects to ${hop.dst.addr}`);
  const substitutions: string[] = [];
  // Outside actors with an address of their own in the remote namespace connect from it.
  const ownAddress = hop.src.addr !== REMOTE_ADDR && REMOTE_OWNED.has(hop.src.addr);
  if (ownAddress) {
    const replay: OracleHop = { id, actor: { where: 'remote' }, src: hop.src.addr, ...dst, ...timeout };
    return { ok: true, hop: { id, model: hop, replay, expect: landing.expect, substitutions } };
  }
  if (hop.src.addr !== REMOTE_ADDR) {
    if (inboundSourceMatters) {
      return skip('remote-src', `${hop.actor.id} is ${hop.src.addr}, which the remote namespace does not own`);
    }
    substitutions.push(
      `${hop.actor.id} connects from ${REMOTE_ADDR}, not ${hop.src.addr}, which the remote namespace does not own: ` +
        'no rule on the inbound path matches a source address',
    );
  }
  const replay: OracleHop = { id, actor: { where: 'remote' }, ...dst, ...timeout };
  return { ok: true, hop: { id, model: hop, replay, expect: landing.expect, substitutions } };
}

export function planReplay(ctx: ReplayContext, caseId: string, connection: Connection, trace: Trace): ReplayPlan {
  const rebuilt = hopConnections(ctx.world, connection, trace);
  if (!rebuilt.ok) return { ok: false, code: 'rebuild', reason: rebuilt.reason };
  const inboundSourceMatters = inboundPathMatchesSource(ctx.world.pod.rulesets.ipv4);
  const hops: PlannedHop[] = [];
  for (const [i, hop] of trace.hops.entries()) {
    const planned = planHop(ctx, `${caseId}#${hop.n}`, hop, rebuilt.connections[i]!, inboundSourceMatters);
    if (!planned.ok) return planned;
    hops.push(planned.hop);
  }
  return { ok: true, hops };
}
