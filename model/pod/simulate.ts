// simulate(): one connection and everything it causes, as a Trace. Each hop is one fresh connection walked through
// the kernel path; the receiver's behaviour (pod/follow-on.ts) opens the next hops. A hop that repeats an earlier
// hop's state, or a story longer than the bound, ends as a loop with the cycle named.

import {
  type ChainObserver,
  ConntrackTable,
  localOutput,
  type NetHost,
  type Packet,
  PROTO_TCP,
  PROTO_UDP,
  type RuleObserver,
  type RunObserver,
  remoteInput,
} from '../kernel/index.ts';
import { type Addr, addrEquals, isLoopback, isMulticastOrBroadcast, isUnspecified, loopbackOf } from '../net/index.ts';
import {
  type Disposition,
  describeLanding,
  endpointText,
  type Hop,
  type HopActor,
  type Landing,
  loopKey,
  type Trace,
} from '../trace/index.ts';
import type { Connection, PodActorId } from './connection.ts';
import { followOns } from './follow-on.ts';
import { podHost } from './host.ts';
import { bareHop, endpoint, land } from './landing.ts';
import { arrivalIface, linkFor } from './links.ts';
import { podListeners } from './listeners.ts';
import { answer, DNS_PORT, hopConntrack } from './reply.ts';
import { outsideActor, podAddrs, type World } from './world.ts';

export const DEFAULT_MAX_HOPS = 32;
const FIRST_EPHEMERAL_PORT = 40000;

export interface SimulateOptions {
  readonly maxHops?: number;
  /** Sees every chain entry of every hop (used by the dead-rule analysis). */
  readonly observer?: ChainObserver;
  /** Sees every rule test of every hop (used by the packet-class analysis, model/classes). */
  readonly onRule?: RuleObserver;
  /** With onRule: sees a run of same-target rules tested as one (model/kernel/runs.ts) instead of rule by rule. */
  readonly onRun?: RunObserver;
}

const POD_ACTOR_LABELS: Readonly<Record<Exclude<PodActorId, 'process'>, string>> = {
  app: 'application',
  envoy: 'Envoy',
  'pilot-agent': 'pilot-agent',
  'stub-resolver': 'stub resolver',
};

function hopActor(world: World, c: Connection, family: 'ipv4' | 'ipv6'): HopActor {
  if (c.from.kind === 'pod') {
    const { uid, gid, groups } = c.from;
    const label = c.from.actor === 'process' ? `process ${uid}/${gid}` : POD_ACTOR_LABELS[c.from.actor];
    return { id: c.from.actor, label, where: 'pod', owner: groups ? { uid, gid, groups } : { uid, gid } };
  }
  const o = outsideActor(world, c.from.actor, family);
  const link = c.from.addr ? linkFor(world.pod, c.from.addr) : undefined;
  const label = !link
    ? o.label
    : link.iface.role === 'virtual'
      ? `VM on ${link.iface.name}`
      : `peer on ${link.iface.name}`;
  return { id: o.id, label, where: 'outside', owner: null };
}

/** The source address of a new socket, or why there is none (connect() fails first). */
type SourceChoice = { readonly ok: true; readonly addr: Addr } | { readonly ok: false; readonly reason: string };

function chooseSource(world: World, c: Connection, dst: Addr): SourceChoice {
  const chosen = (addr: Addr): SourceChoice => ({ ok: true, addr });
  if (c.src !== undefined) return chosen(c.src);
  if (c.from.kind === 'outside') return chosen(c.from.addr ?? outsideActor(world, c.from.actor, dst.family).addr);
  // The kernel's source address selection: a local destination is reached from itself (127.0.0.1 for loopback,
  // the pod IP for the pod IP); anything else from the pod's primary address of that family.
  if (isLoopback(dst)) return chosen(dst.family === 'ipv4' ? loopbackOf('ipv4') : dst);
  // A peer on an extra interface's link is reached from the pod's address on that link (its connected route).
  const link = linkFor(world.pod, dst);
  if (link) return chosen(link.local);
  const own = podAddrs(world.pod, dst.family);
  if (own.some((a) => addrEquals(a, dst))) return chosen(dst);
  const primary = own[0];
  return primary ? chosen(primary) : { ok: false, reason: `the pod has no ${dst.family} address to connect from` };
}

// A world's host view and listener table are derived data; simulate() is called thousands of times per world.
const indexCache = new WeakMap<
  World,
  { host: ReturnType<typeof podHost>; listeners: ReturnType<typeof podListeners> }
>();

function worldIndex(world: World) {
  let index = indexCache.get(world);
  if (!index) {
    index = { host: podHost(world), listeners: podListeners(world.pod) };
    indexCache.set(world, index);
  }
  return index;
}

type Observed = { -readonly [K in 'observer' | 'onRule' | 'onRun']?: NetHost[K] };

/**
 * The world's host with the caller's observers. The host inherits from the world's (no copy of its methods at each
 * of the thousands of simulations a check runs); nothing enumerates a host's properties.
 */
function withObservers(base: NetHost, options: SimulateOptions): NetHost {
  // onRun only counts with an observer or onRule: the run fast path is for the class analysis, which always has one.
  if (!options.observer && !options.onRule) return base;
  const host = Object.create(base) as Observed;
  if (options.observer) host.observer = options.observer;
  if (options.onRule) host.onRule = options.onRule;
  if (options.onRun) host.onRun = options.onRun;
  return host as NetHost;
}

export function simulate(world: World, connection: Connection, options: SimulateOptions = {}): Trace {
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const { host: baseHost, listeners } = worldIndex(world);
  const host = withObservers(baseHost, options);
  const hops: Hop[] = [];
  // UDP and DNS flows are followed with their replies through one conntrack table (zones, NAT reversal); other
  // traces show first packets only, as they always have.
  const table = connection.protocol === 'udp' || connection.dst.port === DNS_PORT ? new ConntrackTable() : null;
  let loop: Extract<Disposition, { kind: 'loop' }> | null = null;
  let undetermined: Extract<Disposition, { kind: 'undetermined' }> | null = null;

  const run = (
    c: Connection,
    parent: number,
    relation: Hop['relation'],
    cause: string,
    history: ReadonlyMap<string, number>,
  ): Disposition => {
    const n = hops.length + 1;
    // connect() to 0.0.0.0 or :: reaches the local host (ip_route_output_key_hash_rcu uses the loopback address).
    const asked = c.dst.addr;
    const dst = isUnspecified(asked) ? loopbackOf(asked.family) : asked;
    const family = dst.family;
    const actor = hopActor(world, c, family);
    const src = chooseSource(world, c, dst);
    const sport = c.sport ?? FIRST_EPHEMERAL_PORT + n;
    const dstEnd = endpoint(dst, c.dst.port);
    const unreachable =
      c.protocol === 'tcp' && isMulticastOrBroadcast(dst)
        ? 'connect() fails with ENETUNREACH: a TCP connection needs a unicast destination'
        : null;
    if (!src.ok || unreachable) {
      const reason = unreachable ?? (src.ok ? '' : src.reason);
      const landed: Landing = { kind: 'dropped', reason };
      hops.push(bareHop(n, parent, relation, cause, actor, c, family, { addr: null, port: sport }, dstEnd, landed));
      return { kind: 'dropped', reason };
    }
    const packet: Packet = {
      family,
      protocol: c.protocol === 'tcp' ? PROTO_TCP : PROTO_UDP,
      src: src.addr,
      dst,
      sport,
      dport: c.dst.port,
      inIface: c.from.kind === 'outside' ? arrivalIface(world.pod, src.addr) : null,
      outIface: null,
      owner: actor.owner,
      mark: 0,
      ctmark: 0,
      ctstate: 'NEW',
      firstPacket: true,
    };
    const path = c.from.kind === 'pod' ? localOutput(host, packet, table) : remoteInput(host, packet, table);
    const landed = land(world, path, c, dstEnd, listeners);
    const bare = bareHop(n, parent, relation, cause, actor, c, family, endpoint(src.addr, sport), dstEnd, landed);
    const hop: Hop = {
      ...bare,
      srcAfterNat: endpoint(path.packet.src, path.packet.sport),
      dstAfterNat: endpoint(path.packet.dst, path.packet.dport),
      hits: path.hits,
      hooks: path.hooks,
      connection: c,
      ...(table !== null && path.conntrack ? { conntrack: hopConntrack(path.conntrack)! } : {}),
    };
    hops.push(hop);
    /** The answer comes after everything the receiver does to produce it (the DNS proxy's upstream query). */
    const answered = (): void => {
      const reply = table === null ? null : answer(world, host, table, hop);
      if (reply !== null) hops[n - 1] = { ...hop, reply };
    };

    // The key is text built per hop: only a hop with earlier hops to repeat, or later ones (a listener's), needs it.
    const key = history.size > 0 || landed.kind === 'listener' ? loopKey(hop) : '';
    const earlier = history.size > 0 ? history.get(key) : undefined;
    if (earlier !== undefined) {
      const cycle = hops.slice(earlier - 1).map((h) => h.n);
      loop ??= {
        kind: 'loop',
        cycle,
        description: `hop ${n} repeats hop ${earlier}: ${actor.label} (${actor.owner?.uid}/${actor.owner?.gid}) connects to ${endpointText(dstEnd)} again and lands on ${describeLanding(landed)} again`,
      };
      return loop;
    }
    if (n >= maxHops) {
      loop ??= { kind: 'loop', cycle: [n], description: `the story is longer than ${maxHops} hops` };
      return loop;
    }

    switch (landed.kind) {
      case 'left-pod':
        answered();
        return { kind: 'left-pod', to: landed.to, dst: landed.dst };
      case 'refused':
        return { kind: 'refused', dst: landed.dst };
      case 'dropped':
        return { kind: 'dropped', reason: landed.reason };
      case 'undetermined':
        undetermined ??= { kind: 'undetermined', reason: landed.reason, at: landed.at };
        return undetermined;
      case 'listener': {
        const listener = listeners.find((l) => l.name === landed.listener && l.protocol === c.protocol)!;
        const next = new Map(history).set(key, n);
        let end: Disposition = {
          kind: 'delivered',
          to: landed.actor,
          listener: landed.listener,
          port: landed.local.port,
        };
        for (const f of followOns(world, { listener, originalDst: landed.originalDst, family, request: c.request })) {
          const result = run(f.connection, n, f.forwards ? 'forward' : 'call', f.cause, next);
          if (f.forwards) end = result;
        }
        answered();
        return end;
      }
    }
  };

  const end = run(connection, 0, 'start', 'the connection under study', new Map());
  return { disposition: loop ?? undetermined ?? end, hops };
}
