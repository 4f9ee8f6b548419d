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
  readonly appUid?: number;
  readonly appGid?: number;
  readonly appPorts?: readonly number[];
  /** pilot-agent's identity; defaults to the proxy's (both run in the istio-proxy container). */
  readonly agentUid?: number;
  readonly agentGid?: number;
  readonly localRouteMark?: number | null;
  /** The resolv.conf nameservers (istio-iptables' DNS servers); default none. */
  readonly dnsServers?: readonly Addr[];
  /** The stub resolver's identity when a resolv.conf server is a loopback address (default 101/101). */
  readonly stubResolverUid?: number;
  readonly stubResolverGid?: number;
}

export function makeWorld(o: WorldOptions): World {
  const podIpv4 = o.podIpv4 ?? DEFAULT_POD_IPV4;
  const podIpv6 = o.podIpv6 ?? DEFAULT_POD_IPV6;
  const dnsServers = o.dnsServers ?? [];
  const dns = dnsServers.length > 0 ? kubeDns() : { services: [], outside: [] };
  const proxy = { uid: o.proxyUid ?? DEFAULT_PROXY.uid, gid: o.proxyGid ?? o.proxyUid ?? DEFAULT_PROXY.gid };
  return {
    pod: {
      name: 'pod',
      addresses: [podIpv4, podIpv6],
      iface: 'eth0',
      rulesets: o.rulesets,
      proxy,
      app: {
        uid: o.appUid ?? DEFAULT_APP.uid,
        gid: o.appGid ?? o.appUid ?? DEFAULT_APP.gid,
        ports: o.appPorts ?? DEFAULT_APP.ports,
      },
      agent: { uid: o.agentUid ?? proxy.uid, gid: o.agentGid ?? o.agentUid ?? proxy.gid },
      envoy: o.envoy,
      localRouteMark: o.localRouteMark ?? null,
      dnsServers,
      stubResolver: {
        uid: o.stubResolverUid ?? DEFAULT_STUB_RESOLVER.uid,
        gid: o.stubResolverGid ?? o.stubResolverUid ?? DEFAULT_STUB_RESOLVER.gid,
      },
    },
    outside: dns.outside.length > 0 ? [...DEFAULT_OUTSIDE, ...dns.outside] : DEFAULT_OUTSIDE,
    services: [...defaultServices(podIpv4, podIpv6), ...dns.services],
  };
}
