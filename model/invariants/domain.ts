// The values worth trying against a ruleset: every constant its rules mention (ports, uids, gids, CIDR edges), the
// pod's own addresses and identities, and the well-known Istio ports. Connections built from them reach every
// equivalence class of the rules' matches, which uniform random values almost never do. The property tests mix
// these with random values (properties/arbitraries); the CLI's check enumerates them.
import { type ConstantSink, cidrEdges, matchKind, targetKind } from '../kinds/index.ts';
import { type Addr, type Family, isLoopback, isSpecial, loopbackOf, parseAddr } from '../net/index.ts';
import { type Connection, isPodAddr, PORTS, podListeners, type World } from '../pod/index.ts';
import type { Ruleset } from '../rules/index.ts';
import type { Intent } from './intent.ts';

export interface Domain {
  readonly family: Family;
  readonly ports: readonly number[];
  readonly uids: readonly number[];
  readonly gids: readonly number[];
  /** Destinations for processes in the pod: its own addresses, loopback, remote pods, Service VIPs, CIDR edges. */
  readonly podDestinations: readonly Addr[];
  /** The pod's own addresses of this family. */
  readonly podAddresses: readonly Addr[];
  /** Source addresses a process in the pod may bind (undefined = let the kernel choose). */
  readonly binds: readonly (Addr | undefined)[];
}

/** The addresses in their first order, each once. */
function unique(addrs: readonly Addr[]): Addr[] {
  const seen = new Map<string, Addr>();
  for (const a of addrs) {
    const key = a.words.join('.');
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}

const LOOPBACK_V4_SECOND = parseAddr('127.0.0.2');
const BIND: Readonly<Record<Family, Addr>> = { ipv4: parseAddr('127.0.0.6'), ipv6: parseAddr('::6') };

interface Constants {
  ports: Set<number>;
  uids: Set<number>;
  gids: Set<number>;
  addrs: Addr[];
}

function collect(rs: Ruleset, into: Constants): void {
  // Each match and target kind names its own constants (model/kinds); addresses of the other family cannot occur here.
  const sink: ConstantSink = {
    port: (n) => into.ports.add(n),
    uid: (n) => into.uids.add(n),
    gid: (n) => into.gids.add(n),
    addr: (a) => {
      if (a.family === rs.family) into.addrs.push(a);
    },
  };
  for (const t of rs.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        for (const m of r.matches) matchKind(m).constants(m, sink);
        targetKind(r.target).constants(r.target, sink);
      }
}

/**
 * The constants of an intent: what a configuration excludes or includes must be tried even when the rules under test
 * (a mutant, a hand-edited dump) no longer name it, or the invariant about it would have nothing to check.
 */
function collectIntent(intent: Intent, family: Family, into: Constants): void {
  const ports = [
    ...intent.outboundExcludedPorts,
    ...intent.outboundIncludedPorts,
    ...intent.inboundExcludedPorts,
    ...(intent.inboundPorts === 'all' ? [] : intent.inboundPorts),
  ];
  for (const p of ports) into.ports.add(p);
  into.addrs.push(...intentAddrs(intent, family));
}

/** The edges of the CIDRs an intent excludes or includes outbound, in one family. */
export function intentAddrs(intent: Intent, family: Family): Addr[] {
  const cidrs = [...intent.outboundExcludedCidrs, ...(intent.outboundCidrs === 'all' ? [] : intent.outboundCidrs)];
  return cidrs.filter((c) => c.addr.family === family).flatMap((c) => cidrEdges(c).filter((a) => !isSpecial(a)));
}

export function buildDomain(world: World, family: Family, intent?: Intent): Domain {
  const { pod } = world;
  const k: Constants = { ports: new Set(), uids: new Set(), gids: new Set(), addrs: [] };
  const rs = pod.rulesets[family];
  if (rs) collect(rs, k);
  if (intent) collectIntent(intent, family, k);
  const own = pod.addresses.filter((a) => a.family === family);
  const loopback = family === 'ipv4' ? [loopbackOf('ipv4'), LOOPBACK_V4_SECOND] : [loopbackOf('ipv6')];
  const outside = world.outside.filter((o) => o.addr.family === family).map((o) => o.addr);
  const vips = world.services.filter((s) => s.vip.addr.family === family).map((s) => s.vip.addr);
  const wellKnown = [
    ...pod.app.ports,
    ...podListeners(pod).map((l) => l.port),
    ...Object.values(PORTS),
    ...world.services.map((s) => s.vip.port),
    53,
    80,
  ];
  const ports = [...new Set([...wellKnown, ...k.ports])].filter((p) => p >= 1 && p <= 65535);
  const ids = (preferred: number[], extra: Set<number>) =>
    [...new Set([...preferred, ...extra])].filter((x) => x >= 0 && x <= 0xfffffffe);
  return {
    family,
    ports,
    // The proxy's and the app's ids, plus whatever the rules name: any other id behaves like the app's.
    uids: ids([pod.proxy.uid, pod.app.uid, ...pod.proxyIds.uids], k.uids),
    gids: ids([pod.proxy.gid, pod.app.gid, ...pod.proxyIds.gids], k.gids),
    podDestinations: unique([...outside.slice(0, 1), ...own, ...loopback, ...vips, ...outside, ...k.addrs]),
    podAddresses: own,
    binds: [undefined, BIND[family]],
  };
}

/** Every pod-process identity worth trying: the proxy's and the app's first, then every mix of the ids. */
export function identities(world: World, d: Domain): { uid: number; gid: number }[] {
  const out: { uid: number; gid: number }[] = [];
  for (const uid of d.uids) for (const gid of d.gids) out.push({ uid, gid });
  const rank = (x: { uid: number; gid: number }) =>
    x.uid === world.pod.proxy.uid && x.gid === world.pod.proxy.gid
      ? 0
      : x.uid === world.pod.app.uid && x.gid === world.pod.app.gid
        ? 1
        : 2;
  return out.sort((a, b) => rank(a) - rank(b));
}

export function actorFor(world: World, id: { uid: number; gid: number }): Connection['from'] {
  const { pod } = world;
  const actor =
    id.uid === pod.proxy.uid && id.gid === pod.proxy.gid
      ? 'envoy'
      : id.uid === pod.app.uid && id.gid === pod.app.gid
        ? 'app'
        : 'process';
  return { kind: 'pod', actor, uid: id.uid, gid: id.gid };
}

function isLocal(world: World, a: Addr): boolean {
  return isLoopback(a) || isPodAddr(world.pod, a);
}

/** All connections of the domain, simplest first (proxy and app identities, common ports), for exhaustive checks. */
export function* domainConnections(world: World, d: Domain): Generator<Connection> {
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const id of identities(world, d)) {
      const from = actorFor(world, id);
      for (const src of d.binds) {
        // A loopback bind can only reach local destinations (anything else fails with EINVAL): one remote suffices.
        const dsts =
          src === undefined ? d.podDestinations : d.podDestinations.filter((a, i) => i === 0 || isLocal(world, a));
        for (const addr of dsts)
          for (const port of d.ports) yield { from, protocol, dst: { addr, port }, ...(src ? { src } : {}) };
      }
    }
    for (const o of world.outside.filter((x) => x.addr.family === d.family)) {
      for (const addr of world.pod.addresses.filter((a) => a.family === d.family))
        for (const port of d.ports)
          yield { from: { kind: 'outside', actor: o.id, addr: o.addr }, protocol, dst: { addr, port } };
    }
  }
}
