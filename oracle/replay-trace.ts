// Turns a model trace into oracle hops: each model hop becomes one fresh connection in the kernel (the harness opens
// a new socket per hop), from the hop's actor (its uid/gid in the pod, or the remote namespace for someone outside),
// bound where the hop's recorded connection bound (hop.connection.src) and nowhere else, so the kernel chooses every
// other source address itself, to the hop's destination before NAT. The plan reads the trace alone: no pod model, no
// re-run of what the receivers do next. A hop the harness cannot replay faithfully makes the whole trace "skipped"
// with the reason; it is never counted as an agreement.
import type { Family } from '../model/net/index.ts';
import type { Ruleset } from '../model/rules/index.ts';
import { addrText, type Hop, type Trace } from '../model/trace/index.ts';
import { FUZZ_TOPOLOGY } from './fuzz/topology.ts';
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
  | 'not-ipv6'
  | 'fixed-sport'
  | 'undetermined'
  | 'no-stand-in'
  | 'no-route'
  | 'bind-not-local'
  | 'remote-dst'
  | 'remote-src';

export const SKIP_REASONS: Readonly<Record<SkipCode, string>> = {
  'not-tcp': 'not TCP: the harness replays TCP connections only',
  'not-ipv4': "not IPv4: the oracle's namespaces are IPv4 only",
  'not-ipv6': 'not IPv6: an IPv6 session replays IPv6 hops only',
  'fixed-sport': 'a fixed source port: the harness chooses source ports itself',
  undetermined: 'the model cannot decide a hop (unmodelled match or target)',
  'no-stand-in': 'the model lands on a listener the oracle has no stand-in for',
  'no-route':
    "a destination outside the oracle's own namespaces: deliberately not routed (the oracle only sends traffic to its own test hosts' addresses)",
  'bind-not-local': "the bind address is not an address of the oracle's pod",
  'remote-dst': "an outside actor connects to an address other than the pod's",
  'remote-src': 'an outside actor with its own address, and the inbound rules match -s',
};

export type ReplayPlan =
  | { readonly ok: true; readonly hops: readonly PlannedHop[] }
  | { readonly ok: false; readonly code: SkipCode; readonly reason: string };

/** The oracle's side of a replay: its listeners, and whether the rules it loads look at the source on the way in. */
export interface ReplayContext {
  readonly listeners: OracleListeners;
  /** inboundPathMatchesSource() of the rules the kernel loads for the session's family. */
  readonly inboundSourceMatters: boolean;
  /** The family of the session's hops (default IPv4; an IPv6 session has dual-stack namespaces, session.ts). */
  readonly family?: Family;
}

/** The pod's and the remote pod's addresses in the session's family. */
function familyAddrs(family: Family): { readonly pod: string; readonly remote: string } {
  return family === 'ipv4'
    ? { pod: POD_ADDR, remote: REMOTE_ADDR }
    : { pod: FUZZ_TOPOLOGY.ipv6.podAddr, remote: FUZZ_TOPOLOGY.ipv6.remoteAddr };
}

/**
 * Whether any rule on the path of an arriving packet (the base chains at PREROUTING and INPUT, whatever their names,
 * and the chains they reach) matches a source address.
 */
export function inboundPathMatchesSource(rs: Ruleset | undefined): boolean {
  for (const table of rs?.tables ?? []) {
    const chains = new Map(table.chains.map((c) => [c.name, c]));
    const inbound = (hook: string | undefined) => hook === 'PREROUTING' || hook === 'INPUT';
    const todo = table.chains.filter((c) => inbound(c.base?.hook)).map((c) => c.name);
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

function planHop(ctx: ReplayContext, id: string, hop: Hop): HopPlan {
  const c = hop.connection;
  const skip = (code: SkipCode, why: string): HopPlan => ({ ok: false, code, reason: `hop ${hop.n}: ${why}` });
  if (hop.protocol !== 'tcp') return skip('not-tcp', hop.protocol);
  const family = ctx.family ?? 'ipv4';
  if (hop.family !== family) return skip(family === 'ipv4' ? 'not-ipv4' : 'not-ipv6', hop.family);
  const { pod: podAddr, remote: remoteAddr } = familyAddrs(family);
  // The harness gives every connection its own source port (unique conntrack tuples, oracle/ports.ts).
  if (c.sport !== undefined) return skip('fixed-sport', `source port ${c.sport}`);
  const landing = expectedLanding(hop.landed, ctx.listeners);
  if (!landing.ok) return skip(landing.code, landing.reason);
  // The harness takes addresses as text: they are formatted here, at the oracle's boundary.
  const dstText = addrText(hop.dst.addr);
  const srcText = addrText(hop.src.addr);
  const dst = { dst: dstText, dport: hop.dst.port };
  const timeout = landing.expect.kind === 'unanswered' ? { timeoutMs: UNANSWERED_TIMEOUT_MS } : {};
  const owner = hop.actor.owner;
  if (hop.actor.where === 'pod' && owner) {
    // Without a route connect() fails before the SYN exists (ENETUNREACH), so netfilter would never see it; the model
    // assumes the pod's default route, which the oracle's pod namespace does not have.
    if (oraclePodRoute(hop.dst.addr) === null) {
      return skip('no-route', `no route to ${dstText} in the oracle's pod namespace`);
    }
    const bind = c.src === undefined ? undefined : addrText(c.src);
    if (c.src !== undefined && oraclePodRoute(c.src) !== 'lo') {
      return skip('bind-not-local', `the bind address ${bind} is not an address of the oracle's pod`);
    }
    const actor = { where: 'pod', uid: owner.uid, gid: owner.gid } as const;
    const replay: OracleHop = { id, actor, ...(bind === undefined ? {} : { src: bind }), ...dst, ...timeout };
    return { ok: true, hop: { id, model: hop, replay, expect: landing.expect, substitutions: [] } };
  }
  if (dstText !== podAddr) return skip('remote-dst', `${hop.actor.id} connects to ${dstText}`);
  const substitutions: string[] = [];
  // Outside actors with an address of their own in the remote namespace connect from it.
  const ownAddress = srcText !== remoteAddr && REMOTE_OWNED.has(srcText);
  if (ownAddress) {
    const replay: OracleHop = { id, actor: { where: 'remote' }, src: srcText, ...dst, ...timeout };
    return { ok: true, hop: { id, model: hop, replay, expect: landing.expect, substitutions } };
  }
  if (srcText !== remoteAddr) {
    if (ctx.inboundSourceMatters) {
      return skip('remote-src', `${hop.actor.id} is ${srcText}, which the remote namespace does not own`);
    }
    substitutions.push(
      `${hop.actor.id} connects from ${remoteAddr}, not ${srcText}, which the remote namespace does not own: ` +
        'no rule on the inbound path matches a source address',
    );
  }
  const replay: OracleHop = { id, actor: { where: 'remote' }, ...dst, ...timeout };
  return { ok: true, hop: { id, model: hop, replay, expect: landing.expect, substitutions } };
}

export function planReplay(ctx: ReplayContext, caseId: string, trace: Trace): ReplayPlan {
  const hops: PlannedHop[] = [];
  for (const hop of trace.hops) {
    const planned = planHop(ctx, `${caseId}#${hop.n}`, hop);
    if (!planned.ok) return planned;
    hops.push(planned.hop);
  }
  return { ok: true, hops };
}
