// The pod and everyone who talks to it. Defaults match the kernel oracle's namespaces (pod 10.250.0.2 on eth0, a
// remote pod on 10.250.0.3, Service VIPs in 10.251.0.0/16), so model traces and kernel observations line up. Their
// addresses are parsed here, once, like every address that enters the model.
import { type Addr, addrEquals, type Family, parseAddr } from '../net/index.ts';
import type { Ruleset } from '../rules/index.ts';
import type { Endpoint, OutsideActorId } from '../trace/index.ts';
import type { EnvoyBehaviour } from './behaviour.ts';

export interface ProcessIdentity {
  readonly uid: number;
  readonly gid: number;
}

export interface ServiceSpec {
  readonly name: string;
  readonly vip: Endpoint;
  /** Envoy (and kube-proxy) send a connection for the VIP to the first endpoint. */
  readonly endpoints: readonly Endpoint[];
}

export interface OutsideActor {
  readonly id: OutsideActorId;
  readonly label: string;
  readonly addr: Addr;
  /** Ports it serves (for naming who a connection that left the pod reaches). */
  readonly ports: readonly number[];
}

/**
 * Every uid and gid istio-iptables exempts as the proxy's (`-u 3,4 -g 1,2`): each is a proxy identity. Envoy and
 * pilot-agent run as the first of each (PodSpec.proxy).
 */
export interface ProxyIds {
  readonly uids: readonly number[];
  readonly gids: readonly number[];
}

/** A second interface of the pod: `-c` excludes it from capture, `-k` reroutes what arrives on it (KubeVirt VMs). */
export interface ExtraInterface {
  readonly name: string;
  readonly role: 'excluded' | 'virtual';
}

export interface PodSpec {
  readonly name: string;
  /** The pod's own addresses on its interface; the first of each family is the interface's primary address. */
  readonly addresses: readonly Addr[];
  readonly iface: string;
  readonly rulesets: Partial<Record<Family, Ruleset>>;
  /** Envoy's and pilot-agent's identity: the first proxy uid and gid. */
  readonly proxy: ProcessIdentity;
  readonly proxyIds: ProxyIds;
  readonly app: ProcessIdentity & { readonly ports: readonly number[] };
  readonly agent: ProcessIdentity;
  readonly envoy: EnvoyBehaviour;
  /** TPROXY mode's `ip rule fwmark <mark> lookup <table>` with `local default dev lo`: marked packets route to lo. */
  readonly localRouteMark: number | null;
  /**
   * The nameservers of the pod's /etc/resolv.conf (what istio-iptables reads for DNS capture when it does not capture
   * all DNS): the servers the application's DNS queries go to. Empty when the configuration names none.
   */
  readonly dnsServers: readonly Addr[];
  /** Interfaces besides `iface` that the configuration names (-c, -k); none by default. */
  readonly extraInterfaces: readonly ExtraInterface[];
  /**
   * The stub resolver on a loopback nameserver of resolv.conf (systemd-resolved's 127.0.0.53 style), when the pod has
   * one: it answers on that address and forwards to the cluster's DNS under its own, non-proxy identity.
   */
  readonly stubResolver: ProcessIdentity;
}

export interface World {
  readonly pod: PodSpec;
  readonly outside: readonly OutsideActor[];
  readonly services: readonly ServiceSpec[];
}

export const DEFAULT_POD_IPV4: Addr = parseAddr('10.250.0.2');
export const DEFAULT_POD_IPV6: Addr = parseAddr('fd00:250::2');
export const DEFAULT_APP = { uid: 1000, gid: 1000, ports: [8080] } as const;
export const DEFAULT_PROXY = { uid: 1337, gid: 1337 } as const;
/**
 * systemd-resolved's user is a system uid chosen at install time; 101 stands for any uid that is neither the proxy's
 * nor the application's, which is all the rules can tell apart.
 */
export const DEFAULT_STUB_RESOLVER = { uid: 101, gid: 101 } as const;

const outside = (id: OutsideActorId, label: string, addr: string, ports: readonly number[]): OutsideActor => ({
  id,
  label,
  addr: parseAddr(addr),
  ports,
});

export const DEFAULT_OUTSIDE: readonly OutsideActor[] = [
  outside('remote', 'remote pod', '10.250.0.3', [8080]),
  outside('istiod', 'istiod', '10.250.0.4', [15010, 15012, 15014, 15017]),
  outside('prometheus', 'Prometheus', '10.250.0.5', []),
  outside('kubelet', 'kubelet', '10.250.0.1', []),
  outside('remote', 'remote pod', 'fd00:250::3', [8080]),
  outside('istiod', 'istiod', 'fd00:250::4', [15010, 15012, 15014, 15017]),
  outside('prometheus', 'Prometheus', 'fd00:250::5', []),
  outside('kubelet', 'kubelet', 'fd00:250::1', []),
];

const at = (addr: string, port: number): Endpoint => ({ addr: parseAddr(addr), port });

/**
 * The cluster's DNS: the kube-dns Service (what a pod's resolv.conf names under dnsPolicy ClusterFirst) and its
 * endpoint pod outside this one. The world has it only when the configuration names DNS servers, so worlds without
 * DNS keep their actors.
 */
export const KUBE_DNS: Readonly<Record<Family, { readonly vip: Endpoint; readonly endpoint: Endpoint }>> = {
  ipv4: { vip: at('10.251.0.53', 53), endpoint: at('10.250.0.53', 53) },
  ipv6: { vip: at('fd00:251::53', 53), endpoint: at('fd00:250::53', 53) },
};

export function kubeDns(): { readonly services: readonly ServiceSpec[]; readonly outside: readonly OutsideActor[] } {
  const families = ['ipv4', 'ipv6'] as const;
  return {
    services: families.map((f) => ({ name: 'kube-dns', vip: KUBE_DNS[f].vip, endpoints: [KUBE_DNS[f].endpoint] })),
    outside: families.map((f) => ({ id: 'kube-dns', label: 'kube-dns', addr: KUBE_DNS[f].endpoint.addr, ports: [53] })),
  };
}

/**
 * The Services of the default world. `self` fronts the pod's own application: one Service port per application
 * port, each targeting that port on the pod IP (a multi-port Service), so a pod whose application listens elsewhere
 * than 8080 (--app-port, -b's ports) is still called through its own Service.
 */
export function defaultServices(
  podIpv4: Addr,
  podIpv6: Addr,
  appPorts: readonly number[] = DEFAULT_APP.ports,
): readonly ServiceSpec[] {
  const self = (vip: string, pod: Addr): ServiceSpec[] =>
    appPorts.map((port) => ({ name: 'self', vip: at(vip, port), endpoints: [{ addr: pod, port }] }));
  return [
    ...self('10.251.0.10', podIpv4),
    { name: 'remote', vip: at('10.251.0.11', 8080), endpoints: [at('10.250.0.3', 8080)] },
    { name: 'istiod', vip: at('10.251.0.20', 15012), endpoints: [at('10.250.0.4', 15012)] },
    ...self('fd00:251::10', podIpv6),
    { name: 'remote', vip: at('fd00:251::11', 8080), endpoints: [at('fd00:250::3', 8080)] },
    { name: 'istiod', vip: at('fd00:251::20', 15012), endpoints: [at('fd00:250::4', 15012)] },
  ];
}

/** A uid istio-iptables treats as the proxy's (any of -u). */
export const isProxyUid = (pod: PodSpec, uid: number): boolean => pod.proxyIds.uids.includes(uid);
/** A gid istio-iptables treats as the proxy's (any of -g). */
export const isProxyGid = (pod: PodSpec, gid: number): boolean => pod.proxyIds.gids.includes(gid);

export function podAddrs(pod: PodSpec, family?: Family): Addr[] {
  return pod.addresses.filter((a) => family === undefined || a.family === family);
}

export function isPodAddr(pod: PodSpec, addr: Addr): boolean {
  for (let i = 0; i < pod.addresses.length; i++) if (addrEquals(pod.addresses[i]!, addr)) return true;
  return false;
}

export function findService(world: World, dst: Endpoint): ServiceSpec | undefined {
  return world.services.find((s) => s.vip.port === dst.port && addrEquals(s.vip.addr, dst.addr));
}

export function findOutside(world: World, addr: Addr): OutsideActor | undefined {
  return world.outside.find((o) => addrEquals(o.addr, addr));
}

export function outsideActor(world: World, id: OutsideActorId, family: Family): OutsideActor {
  const found = world.outside.find((o) => o.id === id && o.addr.family === family);
  if (!found) throw new Error(`the world has no ${id} for ${family}`);
  return found;
}
