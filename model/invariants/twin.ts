// A connection's twin in the pod's other family: the same actor, protocol and ports, with each address replaced by
// the address that plays its part there (the pod's own address, loopback, Envoy's inbound passthrough source, the same
// outside actor, the same Service's VIP, any other remote address). An address that plays no part IPv6 can mirror
// (127.0.0.0/8 beyond 127.0.0.1, broadcast, multicast, the reserved ranges) has no twin, and neither has a connection
// that uses one: parity (parity.ts) says nothing about it.
import {
  type Addr,
  addrEquals,
  type Cidr,
  cidrContains,
  type Family,
  isLoopback,
  isSpecial,
  isUnspecified,
  loopbackOf,
  parseAddr,
} from '../net/index.ts';
import { type Connection, isPodAddr, type World } from '../pod/index.ts';
import type { Ruleset } from '../rules/index.ts';
import type { Intent } from './intent.ts';

/**
 * Envoy's inbound passthrough cluster binds 127.0.0.6 in IPv4 and ::6 in IPv6 (tools/istio-iptables/pkg/capture/run.go
 * at istio/istio 86c9f01, "127.0.0.6/::6 is bind connect from inbound passthrough cluster").
 */
const PASSTHROUGH: Readonly<Record<Family, Addr>> = { ipv4: parseAddr('127.0.0.6'), ipv6: parseAddr('::6') };
const UNSPECIFIED: Readonly<Record<Family, Addr>> = { ipv4: parseAddr('0.0.0.0'), ipv6: parseAddr('::') };

/** Remote addresses that stand for "any other address" of a family, tried in order (documentation ranges first). */
const ANY_REMOTE: Readonly<Record<Family, readonly Addr[]>> = {
  ipv4: ['203.0.113.7', '198.51.100.7', '192.0.2.7', '100.64.0.7', '1.0.0.7'].map(parseAddr),
  ipv6: ['3fff::7', '2001:db8:ffff::7', '2a00::7', 'fc00::7', '2600::7'].map(parseAddr),
};

export const otherFamily = (f: Family): Family => (f === 'ipv4' ? 'ipv6' : 'ipv4');

/**
 * The CIDRs a configuration names for one family only: -x and -i, and the DNS servers it captures. Istio lists them
 * per family (an IPv4 exclusion has no IPv6 twin), so what falls in them is the family's own business.
 */
export function familyCidrs(intent: Intent): Cidr[] {
  return [
    ...intent.outboundExcludedCidrs,
    ...(intent.outboundCidrs === 'all' ? [] : intent.outboundCidrs),
    ...(intent.dnsCaptured === 'all' ? [] : intent.dnsCaptured),
  ];
}

/** Every CIDR a ruleset's address matches name (their /0 matches everything and picks no address out). */
function ruleCidrs(rs: Ruleset | undefined): Cidr[] {
  if (!rs) return [];
  return rs.tables.flatMap((t) =>
    t.chains.flatMap((c) =>
      c.rules.flatMap((r) =>
        r.matches.flatMap((m) =>
          (m.kind === 'destination' || m.kind === 'source') && m.cidr.prefix > 0 ? [m.cidr] : [],
        ),
      ),
    ),
  );
}

/** A plain remote address of the family: in no CIDR its rules or its configuration name, and no actor's. */
function anyRemote(world: World, family: Family, intent: Intent): Addr | null {
  const named = [...ruleCidrs(world.pod.rulesets[family]), ...familyCidrs(intent)];
  return (
    ANY_REMOTE[family].find((a) => !named.some((c) => cidrContains(c, a)) && roleOf(world, a) === 'remote') ?? null
  );
}

/** The part an address plays in the world, named the same in both families ('remote': none in particular). */
export function roleOf(world: World, a: Addr): string {
  const { pod } = world;
  if (isPodAddr(pod, a))
    return `pod#${pod.addresses.filter((x) => x.family === a.family).findIndex((x) => addrEquals(x, a))}`;
  if (addrEquals(a, loopbackOf(a.family))) return 'loopback';
  if (addrEquals(a, PASSTHROUGH[a.family])) return 'passthrough-source';
  if (isUnspecified(a)) return 'unspecified';
  if (isLoopback(a) || isSpecial(a)) return 'none';
  const actor = world.outside.find((o) => addrEquals(o.addr, a));
  if (actor) return `actor:${actor.id}`;
  const service = world.services.find((s) => addrEquals(s.vip.addr, a));
  if (service) return `service:${service.name}`;
  if (pod.dnsServers.some((d) => addrEquals(d, a))) return 'none';
  return 'remote';
}

/** The address that plays the same part in the other family, or null when none does. */
export function twinAddr(world: World, a: Addr, twinIntent: Intent): Addr | null {
  const to = otherFamily(a.family);
  const role = roleOf(world, a);
  const [kind, name] = role.split(/[:#]/);
  switch (kind) {
    case 'pod':
      return world.pod.addresses.filter((x) => x.family === to)[Number(name)] ?? null;
    case 'loopback':
      return loopbackOf(to);
    case 'passthrough-source':
      return PASSTHROUGH[to];
    case 'unspecified':
      return UNSPECIFIED[to];
    case 'actor':
      return world.outside.find((o) => o.id === name && o.addr.family === to)?.addr ?? null;
    case 'service':
      return world.services.find((s) => s.name === name && s.vip.addr.family === to)?.vip.addr ?? null;
    case 'remote':
      return anyRemote(world, to, twinIntent);
    default:
      return null;
  }
}

/** The connection's twin in the other family, or null when one of its addresses has none (or none that is alike). */
export function twinConnection(world: World, c: Connection, twinIntent: Intent): Connection | null {
  // 127.0.0.6 is a local address because all of 127.0.0.0/8 is; ::6 is one only where Envoy binds it: as a
  // destination the two are not the same thing.
  if (roleOf(world, c.dst.addr) === 'passthrough-source') return null;
  const dst = twinAddr(world, c.dst.addr, twinIntent);
  if (!dst) return null;
  let from = c.from;
  if (from.kind === 'outside' && from.addr) {
    // A source from outside is an actor's, a Service's or any remote address; the others are martians either way.
    if (!/^(actor|service|remote)/.test(roleOf(world, from.addr))) return null;
    const addr = twinAddr(world, from.addr, twinIntent);
    if (!addr) return null;
    from = { ...from, addr };
  }
  let src: Addr | undefined;
  if (c.src) {
    // Envoy binds its passthrough source only to reach the pod's own addresses: elsewhere the families part for reasons
    // of their own (a 127.0.0.6 source cannot leave the pod, route_localnet=0; ::6 is no loopback address).
    if (!isPodAddr(world.pod, c.dst.addr)) return null;
    const bound = twinAddr(world, c.src, twinIntent);
    if (!bound) return null;
    src = bound;
  }
  return { ...c, from, dst: { ...c.dst, addr: dst }, ...(src ? { src } : {}) };
}
