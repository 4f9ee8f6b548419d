// Connection arbitraries biased by the ruleset under test: most values come from the domain (every constant the rules
// mention, the pod's addresses and identities, the Istio ports), the rest are uniformly random. Domain values are
// listed simplest first (the proxy identity, a remote address), and constantFrom shrinks towards the first, so a
// shrunk counterexample reads like the article's examples.
import fc from 'fast-check';
import { actorFor, type Domain } from '../../model/invariants/index.ts';
import { type Addr, addrEquals, isLoopback, isSpecial, parseAddr } from '../../model/net/index.ts';
import type { Connection, OutsideActor, World } from '../../model/pod/index.ts';

const biased = <T>(known: readonly T[], random: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  known.length === 0
    ? random
    : fc.oneof(
        { withCrossShrink: true },
        { weight: 4, arbitrary: fc.constantFrom(...known) },
        { weight: 1, arbitrary: random },
      );

export function portArb(d: Domain, prefer: readonly number[] = []): fc.Arbitrary<number> {
  return biased([...new Set([...prefer, ...d.ports])], fc.integer({ min: 1, max: 65535 }));
}

export function idArb(known: readonly number[]): fc.Arbitrary<number> {
  return biased(known, fc.integer({ min: 0, max: 65535 }));
}

export function addressArb(d: Domain, known: readonly Addr[] = d.podDestinations): fc.Arbitrary<Addr> {
  // Random addresses are unicast: the special ranges (0/8, multicast, reserved) say nothing about the rules and make
  // unreadable counterexamples; the domain already holds the loopback and pod addresses that matter.
  // Parsed where they are made (fast-check's text is the boundary); map keeps the stream and the shrinking as they were.
  const random = (d.family === 'ipv4' ? fc.ipV4() : fc.ipV6()).map(parseAddr).filter((a) => !isSpecial(a));
  // Addresses outside the pod come first: fast-check's cross-shrink falls back to a value of the first branch, so a
  // random address that fails shrinks to a known remote one (a remote pod), not to some 1.0.0.0.
  const local = (a: Addr) => isLoopback(a) || d.podAddresses.some((p) => addrEquals(p, a));
  const remote = known.filter((a) => !local(a));
  const near = known.filter(local);
  const branches = [
    ...(remote.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...remote) }] : []),
    ...(near.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...near) }] : []),
    { weight: 1, arbitrary: random },
  ];
  return fc.oneof({ withCrossShrink: true }, ...branches);
}

export const protocolArb: fc.Arbitrary<'tcp' | 'udp'> = fc.constantFrom('tcp', 'udp');

export interface PodConnectionParts {
  readonly uid?: fc.Arbitrary<number>;
  readonly gid?: fc.Arbitrary<number>;
  readonly dst?: fc.Arbitrary<Addr>;
  readonly port?: fc.Arbitrary<number>;
  readonly protocol?: fc.Arbitrary<'tcp' | 'udp'>;
  readonly bind?: fc.Arbitrary<Addr | undefined>;
}

/** A connection opened by a process in the pod. */
export function podConnectionArb(world: World, d: Domain, parts: PodConnectionParts = {}): fc.Arbitrary<Connection> {
  return fc
    .record({
      uid: parts.uid ?? idArb(d.uids),
      gid: parts.gid ?? idArb(d.gids),
      dst: parts.dst ?? addressArb(d),
      port: parts.port ?? portArb(d),
      protocol: parts.protocol ?? protocolArb,
      bind: parts.bind ?? fc.constantFrom(...d.binds),
    })
    .map(({ uid, gid, dst, port, protocol, bind }) => ({
      from: actorFor(world, { uid, gid }),
      protocol,
      dst: { addr: dst, port },
      ...(bind ? { src: bind } : {}),
    }));
}

export function outsideActors(world: World, d: Domain): readonly OutsideActor[] {
  return world.outside.filter((o) => o.addr.family === d.family);
}

/** A connection arriving on the pod's interface from someone outside. */
export function outsideConnectionArb(
  world: World,
  d: Domain,
  parts: { port?: fc.Arbitrary<number>; protocol?: fc.Arbitrary<'tcp' | 'udp'>; dst?: fc.Arbitrary<Addr> } = {},
): fc.Arbitrary<Connection> {
  const podAddrs = world.pod.addresses.filter((a) => a.family === d.family);
  return fc
    .record({
      actor: fc.constantFrom(...outsideActors(world, d)),
      dst: parts.dst ?? fc.constantFrom(...podAddrs),
      port: parts.port ?? portArb(d),
      protocol: parts.protocol ?? protocolArb,
    })
    .map(({ actor, dst, port, protocol }) => ({
      from: { kind: 'outside', actor: actor.id, addr: actor.addr },
      protocol,
      dst: { addr: dst, port },
    }));
}

export function anyConnectionArb(world: World, d: Domain): fc.Arbitrary<Connection> {
  return fc.oneof(
    { weight: 3, arbitrary: podConnectionArb(world, d) },
    { weight: 1, arbitrary: outsideConnectionArb(world, d) },
  );
}
