// The pod as the kernel sees it: its compiled rulesets, local addresses, routes and transparent listeners.

import { type ChainObserver, type CompiledRuleset, compileRuleset, type NetHost } from '../kernel/index.ts';
import { type Addr, addrEquals, type Family, isLoopback, loopbackOf } from '../net/index.ts';
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
  const isLocal = (addr: Addr): boolean => isLoopback(addr) || addrs.some((a) => addrEquals(a, addr));
  return {
    ruleset: (family) => compiled[family] ?? null,
    isLocal,
    routeOut(dst, mark) {
      if (isLocal(dst)) return 'lo';
      if (pod.localRouteMark !== null && mark === pod.localRouteMark) return 'lo';
      // The pod has a default route through its interface only for families it has an address in.
      return addrs.some((a) => a.family === dst.family) ? pod.iface : null;
    },
    primaryAddress(iface, family) {
      if (iface === 'lo') return loopbackOf(family);
      if (iface !== pod.iface) return null;
      return addrs.find((a) => a.family === family) ?? null;
    },
    tproxyListener(_localAddr, port) {
      // Envoy's inbound listener is the only transparent one (IP_TRANSPARENT in TPROXY mode); TPROXY to any other
      // port finds no socket that accepts it.
      return listeners.some((l) => l.port === port && l.protocol === 'tcp' && l.role === 'inbound-capture');
    },
    ...(observer ? { observer } : {}),
  };
}
