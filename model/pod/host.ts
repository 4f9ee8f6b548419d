// The pod as the kernel sees it: its compiled rulesets, local addresses, routes and transparent listeners.

import { type ChainObserver, type CompiledRuleset, compileRuleset, type NetHost } from '../kernel/index.ts';
import { type Addr, addrEquals, type Family, isLoopback, loopbackOf } from '../net/index.ts';
import { interfaceLinks, linkFor } from './links.ts';
import { podListeners } from './listeners.ts';
import { podAddrs, type World } from './world.ts';

export function podHost(world: World, observer?: ChainObserver): NetHost {
  const { pod } = world;
  const compiled: Partial<Record<Family, CompiledRuleset>> = {};
  for (const family of ['ipv4', 'ipv6'] as const) {
    const rs = pod.rulesets[family];
    if (rs) compiled[family] = compileRuleset(rs);
  }
  const addrs = podAddrs(pod);
  const listeners = podListeners(pod);
  const links = interfaceLinks(pod);
  const isLocal = (addr: Addr): boolean =>
    isLoopback(addr) || addrs.some((a) => addrEquals(a, addr)) || links.some((l) => addrEquals(l.local, addr));
  const linkAddress = (iface: string | null, family: Family) =>
    links.find((l) => l.iface.name === iface && l.family === family)?.local ?? null;
  return {
    ruleset: (family) => compiled[family] ?? null,
    isLocal,
    routeOut(dst, mark) {
      if (isLocal(dst)) return 'lo';
      if (pod.localRouteMark !== null && mark === pod.localRouteMark) return 'lo';
      // An extra interface's connected route is more specific than the default route.
      const link = linkFor(pod, dst);
      if (link) return link.iface.name;
      // The pod has a default route through its interface only for families it has an address in.
      return addrs.some((a) => a.family === dst.family) ? pod.iface : null;
    },
    primaryAddress(iface, family) {
      if (iface === 'lo') return loopbackOf(family);
      if (iface !== pod.iface) return linkAddress(iface, family);
      return addrs.find((a) => a.family === family) ?? null;
    },
    masqueradeSource(iface, dst) {
      if (iface === pod.iface) return addrs.find((a) => a.family === dst.family) ?? null;
      if (iface !== 'lo') return linkAddress(iface, dst.family);
      // IPv4: inet_select_addr(lo, nh, RT_SCOPE_UNIVERSE) (net/ipv4/devinet.c) skips lo's host-scope 127.0.0.1 and
      // takes the first universe-scope address of another device, the pod's own. IPv6: ipv6_dev_get_saddr
      // (net/ipv6/addrconf.c) prefers the destination itself (rule 1) when it is a local address.
      if (dst.family === 'ipv4') return addrs.find((a) => a.family === 'ipv4') ?? null;
      return isLocal(dst) ? dst : 'undetermined';
    },
    tproxyListener(_localAddr, port) {
      // Envoy's inbound listener is the only transparent one (IP_TRANSPARENT in TPROXY mode); TPROXY to any other
      // port finds no socket that accepts it.
      return listeners.some((l) => l.port === port && l.protocol === 'tcp' && l.role === 'inbound-capture');
    },
    ...(observer ? { observer } : {}),
  };
}
