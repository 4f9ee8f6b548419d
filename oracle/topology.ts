// The oracle's two network namespaces and who listens in them. The model's defaults use the same addresses
// (model/pod/world.ts), so a model trace and a kernel observation can be compared field by field.
import type { ListenerSpec } from './types.ts';

/** Every namespace the oracle creates starts with this; a run adds `<pid>-<random>-`. */
export const NETNS_PREFIX = 'scx-';

export const POD_IFACE = 'eth0';
export const REMOTE_IFACE = 'eth1';
export const POD_ADDR = '10.250.0.2';
export const REMOTE_ADDR = '10.250.0.3';
export const LINK_PREFIX_LEN = 24;
/** ClusterIP range: not local in the pod, routed to the remote namespace like a node would. */
export const SERVICE_CIDR = '10.251.0.0/16';
/** A Service VIP stand-in (kube-proxy's DNAT is not modelled: the remote owns the address on its lo). */
export const SERVICE_VIP = '10.251.0.10';
export const ISTIOD_ADDR = '10.251.0.20';
/**
 * The model's other outside actors, also owned by the remote namespace (on its link): the kubelet, istiod's
 * endpoint and Prometheus, so their connections come from their own addresses; and the model's second Service VIP.
 */
export const OUTSIDE_ACTOR_ADDRS: readonly string[] = ['10.250.0.1', '10.250.0.4', '10.250.0.5'];
export const REMOTE_SERVICE_VIP = '10.251.0.11';
/** The source address Envoy uses for inbound passthrough (ISTIO_OUTPUT rule 1). */
export const INBOUND_PASSTHROUGH_SRC = '127.0.0.6';
/**
 * Its IPv6 twin. IPv4's 127.0.0.6 is local by being in 127/8; ::6 is not, so istio-iptables adds `::6/128` to the
 * pod's lo when IPv6 is on (tools/common/tproxy/run_linux.go configureIPv6Addresses, istio/istio 86c9f01fd73). An
 * IPv6 session always does, so a model hop that binds ::6 can be replayed as the model describes it.
 */
export const INBOUND_PASSTHROUGH_SRC6 = '::6';

/** The group names Istio's goldens use (`skgid != java`), with the gid the nft listing fixtures were loaded with. */
export const OWNER_GROUPS: Readonly<Record<string, number>> = { java: 3000 };

export const PROXY = { uid: 1337, gid: 1337 } as const;
export const APP = { uid: 1000, gid: 1000 } as const;
export const ROOT = { uid: 0, gid: 0 } as const;

/** Istio's listener ports (tools/istio-iptables/pkg/constants/constants.go). */
export const PORTS = {
  outbound: 15001,
  inbound: 15006,
  admin: 15000,
  agent: 15020,
  health: 15021,
  prometheus: 15090,
  istiodXds: 15012,
  app: 8080,
} as const;

/** The default actors: Envoy and pilot-agent as 1337, the app as 1000, root in the remote namespace. */
export const DEFAULT_LISTENERS: readonly ListenerSpec[] = [
  { name: 'envoy-outbound', where: 'pod', ...PROXY, addr: '0.0.0.0', port: PORTS.outbound },
  { name: 'envoy-inbound', where: 'pod', ...PROXY, addr: '0.0.0.0', port: PORTS.inbound },
  { name: 'envoy-prom', where: 'pod', ...PROXY, addr: '0.0.0.0', port: PORTS.prometheus },
  { name: 'envoy-health', where: 'pod', ...PROXY, addr: '0.0.0.0', port: PORTS.health },
  { name: 'envoy-admin', where: 'pod', ...PROXY, addr: '127.0.0.1', port: PORTS.admin },
  { name: 'agent', where: 'pod', ...PROXY, addr: '0.0.0.0', port: PORTS.agent },
  { name: 'app', where: 'pod', ...APP, addr: '0.0.0.0', port: PORTS.app },
  { name: 'remote-8080', where: 'remote', ...ROOT, addr: '0.0.0.0', port: PORTS.app },
  { name: 'istiod-15012', where: 'remote', ...ROOT, addr: '0.0.0.0', port: PORTS.istiodXds },
];
