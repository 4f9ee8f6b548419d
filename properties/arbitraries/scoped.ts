// For each invariant, an arbitrary of the connections in its scope, so properties spend their runs on connections
// that matter instead of discarding most of them. Each is still checked against the invariant's own inScope().
import fc from 'fast-check';
import { type Domain, type InvariantContext, istiodAddresses, metricsPorts } from '../../model/invariants/index.ts';
import { type Addr, addrEquals, isLoopback, loopbackOf } from '../../model/net/index.ts';
import type { Connection } from '../../model/pod/index.ts';
import { addressArb, anyConnectionArb, idArb, outsideConnectionArb, podConnectionArb, portArb } from './connection.ts';

const tcp = fc.constant('tcp' as const);

/** Ids other than the proxy's: domain ids first, then random ones. */
const otherThan = (known: readonly number[], not: number) =>
  idArb(known.filter((x) => x !== not)).filter((x) => x !== not);

export function scopedConnectionArb(id: string, ctx: InvariantContext, d: Domain): fc.Arbitrary<Connection> {
  const { world } = ctx;
  const { proxy } = world.pod;
  const podIps = world.pod.addresses.filter((a) => a.family === d.family);
  const sameFamily = (a: Addr) => a.family === d.family;
  const isPodIp = (a: Addr) => podIps.some((p) => addrEquals(p, a));
  switch (id) {
    case 'proxy-no-loop':
      return fc.oneof(
        { withCrossShrink: true },
        podConnectionArb(world, d, { uid: fc.constant(proxy.uid) }),
        podConnectionArb(world, d, { gid: fc.constant(proxy.gid) }),
      );
    case 'terminates':
      return anyConnectionArb(world, d);
    case 'metrics-bypass':
      return outsideConnectionArb(world, d, { port: fc.constantFrom(...metricsPorts(world)), protocol: tcp });
    case 'local-to-local': {
      const vips = world.services.filter((s) => sameFamily(s.vip.addr) && s.endpoints.some((e) => isPodIp(e.addr)));
      return fc
        .record({ uid: otherThan(d.uids, proxy.uid), gid: otherThan(d.gids, proxy.gid), vip: fc.constantFrom(...vips) })
        .chain(({ uid, gid, vip }) =>
          podConnectionArb(world, d, {
            uid: fc.constant(uid),
            gid: fc.constant(gid),
            dst: fc.constant(vip.vip.addr),
            port: fc.constant(vip.vip.port),
            protocol: tcp,
          }),
        );
    }
    case 'istiod-exit': {
      const targets = istiodAddresses(world).filter((x) => sameFamily(x.addr));
      return fc
        .record({ target: fc.constantFrom(...targets), port: fc.constantFrom(15012, 15010, 15014, 15017) })
        .chain(({ target, port }) =>
          podConnectionArb(world, d, {
            uid: fc.constant(proxy.uid),
            gid: fc.constant(proxy.gid),
            dst: fc.constant(target.addr),
            port: fc.constant(port),
            protocol: tcp,
            bind: fc.constant(undefined),
          }),
        );
    }
    case 'inbound-once':
      return outsideConnectionArb(world, d, { port: fc.constantFrom(...world.pod.app.ports), protocol: tcp });
    case 'inbound-ports':
      return outsideConnectionArb(world, d, { port: portArb(d), protocol: tcp });
    case 'outbound-once':
    case 'outbound-exclusions':
    case 'outbound-inclusions':
    case 'owner-groups': {
      const remote = d.podDestinations.filter((a) => !isPodIp(a) && !isLoopback(a));
      return podConnectionArb(world, d, {
        uid: otherThan(d.uids, proxy.uid),
        gid: otherThan(d.gids, proxy.gid),
        dst: addressArb(d, remote),
        port: portArb(d),
        protocol: tcp,
        bind: fc.constant(undefined),
      });
    }
    case 'tunnel-bypass': {
      const port = fc.constant(ctx.intent.tunnelPort ?? 15008);
      return fc.oneof(
        { withCrossShrink: true },
        podConnectionArb(world, d, { dst: fc.constantFrom(...podIps), port, protocol: tcp }),
        outsideConnectionArb(world, d, { port, protocol: tcp }),
      );
    }
    case 'inbound-exclusions':
      return outsideConnectionArb(world, d, {
        port: fc.constantFrom(...ctx.intent.inboundExcludedPorts),
        protocol: tcp,
      });
    case 'loopback-bypass':
      return podConnectionArb(world, d, {
        dst: fc.constant(loopbackOf(d.family)),
        protocol: tcp,
        bind: fc.constant(undefined),
      });
    case 'loopback-cidr': {
      // The loopback addresses and, for Envoy's passthrough bound to 127.0.0.6 (::6), the pod's own.
      const local = d.podDestinations.filter((a) => isLoopback(a) || isPodIp(a));
      return podConnectionArb(world, d, { dst: addressArb(d, local), protocol: tcp });
    }
    case 'app-self-bypass':
      return podConnectionArb(world, d, {
        uid: otherThan(d.uids, proxy.uid),
        gid: otherThan(d.gids, proxy.gid),
        dst: fc.constantFrom(...podIps),
        protocol: tcp,
        bind: fc.constant(undefined),
      });
    case 'proxy-egress-direct': {
      const remote = d.podDestinations.filter((a) => !isPodIp(a) && !isLoopback(a));
      const parts = { dst: addressArb(d, remote), protocol: tcp, bind: fc.constant(undefined) };
      return fc.oneof(
        { withCrossShrink: true },
        podConnectionArb(world, d, { ...parts, uid: fc.constant(proxy.uid) }),
        podConnectionArb(world, d, { ...parts, gid: fc.constant(proxy.gid) }),
      );
    }
    case 'proxy-self-inbound':
      return podConnectionArb(world, d, {
        uid: fc.constant(proxy.uid),
        dst: fc.constantFrom(...podIps),
        port: fc.constantFrom(...world.pod.app.ports),
        protocol: tcp,
        bind: fc.constant(undefined),
      });
    case 'uid-self-bypass':
    case 'tproxy-gid-self-inbound':
      return podConnectionArb(world, d, {
        uid: otherThan(d.uids, proxy.uid),
        gid: fc.constantFrom(...world.pod.proxyIds.gids),
        dst: fc.constantFrom(...podIps),
        port: fc.oneof(fc.constantFrom(...world.pod.app.ports), portArb(d)),
        protocol: tcp,
        bind: fc.constant(undefined),
      });
    default:
      throw new Error(`no scoped arbitrary for invariant ${id}`);
  }
}
