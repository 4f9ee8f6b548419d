// The pod and everyone who talks to it. Defaults match the kernel oracle's namespaces (pod 10.250.0.2 on eth0, a
// remote pod on 10.250.0.3, Service VIPs in 10.251.0.0/16), so model traces and kernel observations line up.
import { type Addr, addrEquals, type Family, parseAddr } from '../net/index.ts';
import type { Ruleset } from '../rules/index.ts';
import type { Endpoint } from '../trace/index.ts';
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
  readonly id: 'remote' | 'prometheus' | 'kubelet' | 'istiod';
  readonly label: string;
  readonly addr: string;
  /** Ports it serves (for naming who a connection that left the pod reaches). */
  readonly ports: readonly number[];
}

export interface PodSpec {
  readonly name: string;
  /** The pod's own addresses on its interface; the first of each family is the interface's primary address. */
  readonly addresses: readonly string[];
  readonly iface: string;
  readonly rulesets: Partial<Record<Family, Ruleset>>;
  readonly proxy: ProcessIdentity;
  readonly app: ProcessIdentity & { readonly ports: readonly number[] };
  readonly agent: ProcessIdentity;
  readonly envoy: EnvoyBehaviour;
  /** TPROXY mode's `ip rule fwmark <mark> lookup <table>` with `local default dev lo`: marked packets route to lo. */
  readonly localRouteMark: number | null;
}

export interface World {
  readonly pod: PodSpec;
  readonly outside: readonly OutsideActor[];
  readonly services: readonly ServiceSpec[];
}

export const DEFAULT_POD_IPV4 = '10.250.0.2';
export const DEFAULT_POD_IPV6 = 'fd00:250::2';
export const DEFAULT_APP = { uid: 1000, gid: 1000, ports: [8080] } as const;
export const DEFAULT_PROXY = { uid: 1337, gid: 1337 } as const;

export const DEFAULT_OUTSIDE: readonly OutsideActor[] = [
  { id: 'remote', label: 'remote pod', addr: '10.250.0.3', ports: [8080] },
  { id: 'istiod', label: 'istiod', addr: '10.250.0.4', ports: [15010, 15012, 15014, 15017] },
  { id: 'prometheus', label: 'Prometheus', addr: '10.250.0.5', ports: [] },
  { id: 'kubelet', label: 'kubelet', addr: '10.250.0.1', ports: [] },
  { id: 'remote', label: 'remote pod', addr: 'fd00:250::3', ports: [8080] },
  { id: 'istiod', label: 'istiod', addr: 'fd00:250::4', ports: [15010, 15012, 15014, 15017] },
  { id: 'prometheus', label: 'Prometheus', addr: 'fd00:250::5', ports: [] },
  { id: 'kubelet', label: 'kubelet', addr: 'fd00:250::1', ports: [] },
];

export function defaultServices(podIpv4: string, podIpv6: string): readonly ServiceSpec[] {
  return [
    { name: 'self', vip: { addr: '10.251.0.10', port: 8080 }, endpoints: [{ addr: podIpv4, port: 8080 }] },
    { name: 'remote', vip: { addr: '10.251.0.11', port: 8080 }, endpoints: [{ addr: '10.250.0.3', port: 8080 }] },
    { name: 'istiod', vip: { addr: '10.251.0.20', port: 15012 }, endpoints: [{ addr: '10.250.0.4', port: 15012 }] },
    { name: 'self', vip: { addr: 'fd00:251::10', port: 8080 }, endpoints: [{ addr: podIpv6, port: 8080 }] },
    { name: 'remote', vip: { addr: 'fd00:251::11', port: 8080 }, endpoints: [{ addr: 'fd00:250::3', port: 8080 }] },
    { name: 'istiod', vip: { addr: 'fd00:251::20', port: 15012 }, endpoints: [{ addr: 'fd00:250::4', port: 15012 }] },
  ];
}

export function podAddrs(pod: PodSpec, family?: Family): Addr[] {
  return pod.addresses.map(parseAddr).filter((a) => family === undefined || a.family === family);
}

export function isPodAddr(pod: PodSpec, addr: Addr): boolean {
  return podAddrs(pod).some((a) => addrEquals(a, addr));
}

export function findService(world: World, dst: Endpoint): ServiceSpec | undefined {
  return world.services.find((s) => s.vip.port === dst.port && sameAddr(s.vip.addr, dst.addr));
}

export function findOutside(world: World, addr: string): OutsideActor | undefined {
  return world.outside.find((o) => sameAddr(o.addr, addr));
}

export function outsideActor(world: World, id: OutsideActor['id'], family: Family): OutsideActor {
  const found = world.outside.find((o) => o.id === id && parseAddr(o.addr).family === family);
  if (!found) throw new Error(`the world has no ${id} for ${family}`);
  return found;
}

function sameAddr(a: string, b: string): boolean {
  return addrEquals(parseAddr(a), parseAddr(b));
}
