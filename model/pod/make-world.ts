// Builds a World from rules and options, with the documented defaults for whatever is not given.
import type { Addr, Family } from '../net/index.ts';
import type { Ruleset } from '../rules/index.ts';
import type { EnvoyBehaviour } from './behaviour.ts';
import {
  DEFAULT_APP,
  DEFAULT_OUTSIDE,
  DEFAULT_POD_IPV4,
  DEFAULT_POD_IPV6,
  DEFAULT_PROXY,
  DEFAULT_STUB_RESOLVER,
  defaultServices,
  type ExtraInterface,
  kubeDns,
  type World,
} from './world.ts';

export interface WorldOptions {
  readonly rulesets: Partial<Record<Family, Ruleset>>;
  readonly envoy: EnvoyBehaviour;
  readonly podIpv4?: Addr;
  readonly podIpv6?: Addr;
  readonly proxyUid?: number;
  readonly proxyGid?: number;
  /** Every proxy uid (istio-iptables -u 3,4); Envoy runs as the first. Overrides proxyUid. */
  readonly proxyUids?: readonly number[];
  /** Every proxy gid (-g 1,2); defaults to the uids, as istio-iptables does. Overrides proxyGid. */
  readonly proxyGids?: readonly number[];
  readonly appUid?: number;
  readonly appGid?: number;
  readonly appPorts?: readonly number[];
  /** pilot-agent's identity; defaults to the proxy's (both run in the istio-proxy container). */
  readonly agentUid?: number;
  readonly agentGid?: number;
  readonly localRouteMark?: number | null;
  /** The resolv.conf nameservers (istio-iptables' DNS servers); default none. */
  readonly dnsServers?: readonly Addr[];
  readonly extraInterfaces?: readonly ExtraInterface[];
  /** The stub resolver's identity when a resolv.conf server is a loopback address (default 101/101). */
  readonly stubResolverUid?: number;
  readonly stubResolverGid?: number;
}

export function makeWorld(o: WorldOptions): World {
  const podIpv4 = o.podIpv4 ?? DEFAULT_POD_IPV4;
  const podIpv6 = o.podIpv6 ?? DEFAULT_POD_IPV6;
  const uids = nonEmpty(o.proxyUids) ?? [o.proxyUid ?? DEFAULT_PROXY.uid];
  // istio-iptables' -g defaults to -u (GID=UID), the same here.
  const gids = nonEmpty(o.proxyGids) ?? (o.proxyGid !== undefined ? [o.proxyGid] : uids);
  const proxy = { uid: uids[0]!, gid: gids[0]! };
  const dnsServers = o.dnsServers ?? [];
  const dns = dnsServers.length > 0 ? kubeDns() : { services: [], outside: [] };
  const appPorts = o.appPorts ?? DEFAULT_APP.ports;
  return {
    pod: {
      name: 'pod',
      addresses: [podIpv4, podIpv6],
      iface: 'eth0',
      rulesets: o.rulesets,
      proxy,
      proxyIds: { uids, gids },
      app: {
        uid: o.appUid ?? DEFAULT_APP.uid,
        gid: o.appGid ?? o.appUid ?? DEFAULT_APP.gid,
        ports: appPorts,
      },
      agent: { uid: o.agentUid ?? proxy.uid, gid: o.agentGid ?? o.agentUid ?? proxy.gid },
      envoy: o.envoy,
      localRouteMark: o.localRouteMark ?? null,
      dnsServers,
      extraInterfaces: o.extraInterfaces ?? [],
      stubResolver: {
        uid: o.stubResolverUid ?? DEFAULT_STUB_RESOLVER.uid,
        gid: o.stubResolverGid ?? o.stubResolverUid ?? DEFAULT_STUB_RESOLVER.gid,
      },
    },
    outside: dns.outside.length > 0 ? [...DEFAULT_OUTSIDE, ...dns.outside] : DEFAULT_OUTSIDE,
    services: [...defaultServices(podIpv4, podIpv6, appPorts), ...dns.services],
  };
}

const nonEmpty = (xs: readonly number[] | undefined): readonly number[] | undefined =>
  xs && xs.length > 0 ? xs : undefined;
