// Every input that changes the generated rules, in one table: the JSON field istio-iptables prints
// (tools/common/config/config.go), its flag (tools/istio-iptables/pkg/cmd/root.go), the env variables that set it
// (pkg/flag.BindEnv upper-cases the flag name; AdditionalEnv adds aliases), the pod annotation the injector or the
// CNI plugin turns into it, and the first Istio version that reads it. Names are those of master (86c9f01); a
// `satisfies` check makes a field without an entry a compile error.
import type { IstioVersion } from '../version.ts';
import type { ConfigField } from './types.ts';

export type ValueKind =
  | 'port'
  | 'number'
  | 'owners'
  | 'mode'
  | 'port-selection'
  | 'ports'
  | 'group-selection'
  | 'groups'
  | 'cidr-selection'
  | 'cidrs'
  | 'interfaces'
  | 'bool'
  | 'servers'
  | 'loopback-cidr';

export interface FieldSpec {
  readonly json: string;
  readonly kind: ValueKind;
  readonly flag?: { readonly long: string; readonly short?: string };
  /** Env variables in the order istio-iptables applies them (a later one wins; a flag on the command line wins over all). */
  readonly env: readonly string[];
  readonly annotations?: readonly string[];
  /** The first minor version whose istio-iptables reads this input. */
  readonly since: IstioVersion;
  /** The last minor version in which the input still changes the rules. */
  readonly until?: IstioVersion;
  readonly summary: string;
}

export const FIELDS = {
  proxyPort: {
    json: 'PROXY_PORT',
    kind: 'port',
    // flag.Bind, not BindEnv: no env variable sets -p (ENVOY_PORT is only logged).
    flag: { long: 'envoy-port', short: 'p' },
    env: [],
    since: '1.4',
    summary: "Envoy's outbound capture port (ISTIO_REDIRECT)",
  },
  inboundCapturePort: {
    json: 'INBOUND_CAPTURE_PORT',
    kind: 'port',
    flag: { long: 'inbound-capture-port', short: 'z' },
    env: ['INBOUND_CAPTURE_PORT'],
    since: '1.4',
    summary: "Envoy's inbound capture port (ISTIO_IN_REDIRECT, TPROXY --on-port)",
  },
  inboundTunnelPort: {
    json: 'INBOUND_TUNNEL_PORT',
    kind: 'port',
    flag: { long: 'inbound-tunnel-port', short: 'e' },
    env: ['INBOUND_TUNNEL_PORT'],
    since: '1.7',
    summary: 'the HBONE tunnel port ISTIO_INBOUND lets through',
  },
  proxyUid: {
    json: 'PROXY_UID',
    kind: 'owners',
    flag: { long: 'proxy-uid', short: 'u' },
    env: ['PROXY_UID'],
    since: '1.4',
    summary: "uids whose traffic is not captured (the proxy's)",
  },
  proxyGid: {
    json: 'PROXY_GID',
    kind: 'owners',
    flag: { long: 'proxy-gid', short: 'g' },
    env: ['PROXY_GID'],
    since: '1.4',
    summary: 'gids whose traffic is not captured (defaults to the uids)',
  },
  interceptionMode: {
    json: 'INBOUND_INTERCEPTION_MODE',
    kind: 'mode',
    flag: { long: 'istio-inbound-interception-mode', short: 'm' },
    env: ['ISTIO_INBOUND_INTERCEPTION_MODE'],
    annotations: ['sidecar.istio.io/interceptionMode'],
    since: '1.4',
    summary: 'REDIRECT (nat) or TPROXY (mangle) for inbound traffic',
  },
  tproxyMark: {
    json: 'INBOUND_TPROXY_MARK',
    kind: 'number',
    flag: { long: 'istio-inbound-tproxy-mark', short: 't' },
    env: ['ISTIO_INBOUND_TPROXY_MARK'],
    since: '1.4',
    summary: 'the packet and connection mark of TPROXY mode',
  },
  tproxyRouteTable: {
    json: 'INBOUND_TPROXY_ROUTE_TABLE',
    kind: 'number',
    flag: { long: 'istio-inbound-tproxy-route-table', short: 'r' },
    env: ['ISTIO_INBOUND_TPROXY_ROUTE_TABLE'],
    since: '1.4',
    summary: 'the routing table of TPROXY mode (ip rule; no iptables rule uses it)',
  },
  inboundPortsInclude: {
    json: 'INBOUND_PORTS_INCLUDE',
    kind: 'port-selection',
    flag: { long: 'istio-inbound-ports', short: 'b' },
    env: ['ISTIO_INBOUND_PORTS'],
    annotations: ['traffic.sidecar.istio.io/includeInboundPorts'],
    since: '1.4',
    summary: 'inbound ports captured: "*" for all, empty for none',
  },
  inboundPortsExclude: {
    json: 'INBOUND_PORTS_EXCLUDE',
    kind: 'ports',
    flag: { long: 'istio-local-exclude-ports', short: 'd' },
    env: ['ISTIO_LOCAL_EXCLUDE_PORTS'],
    annotations: ['traffic.sidecar.istio.io/excludeInboundPorts'],
    since: '1.4',
    summary: 'inbound ports not captured (only with -b "*")',
  },
  ownerGroupsInclude: {
    json: 'OUTBOUND_OWNER_GROUPS_INCLUDE',
    kind: 'group-selection',
    env: ['ISTIO_OUTBOUND_OWNER_GROUPS'],
    since: '1.14',
    summary: 'groups whose outbound traffic is captured ("*" for all)',
  },
  ownerGroupsExclude: {
    json: 'OUTBOUND_OWNER_GROUPS_EXCLUDE',
    kind: 'groups',
    env: ['ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE'],
    since: '1.14',
    summary: 'groups whose outbound traffic is not captured (only with the include "*")',
  },
  outboundPortsInclude: {
    json: 'OUTBOUND_PORTS_INCLUDE',
    kind: 'ports',
    flag: { long: 'istio-outbound-ports', short: 'q' },
    env: ['ISTIO_OUTBOUND_PORTS'],
    annotations: ['traffic.sidecar.istio.io/includeOutboundPorts'],
    since: '1.7',
    summary: 'outbound ports captured whatever the destination',
  },
  outboundPortsExclude: {
    json: 'OUTBOUND_PORTS_EXCLUDE',
    kind: 'ports',
    flag: { long: 'istio-local-outbound-ports-exclude', short: 'o' },
    env: ['ISTIO_LOCAL_OUTBOUND_PORTS_EXCLUDE'],
    annotations: ['traffic.sidecar.istio.io/excludeOutboundPorts'],
    since: '1.4',
    summary: 'outbound ports never captured',
  },
  outboundIpRangesInclude: {
    json: 'OUTBOUND_IPRANGES_INCLUDE',
    kind: 'cidr-selection',
    flag: { long: 'istio-service-cidr', short: 'i' },
    env: ['ISTIO_SERVICE_CIDR'],
    annotations: ['traffic.sidecar.istio.io/includeOutboundIPRanges'],
    since: '1.4',
    summary: 'outbound destinations captured: "*" for all, empty for none',
  },
  outboundIpRangesExclude: {
    json: 'OUTBOUND_IPRANGES_EXCLUDE',
    kind: 'cidrs',
    flag: { long: 'istio-service-exclude-cidr', short: 'x' },
    env: ['ISTIO_SERVICE_EXCLUDE_CIDR'],
    annotations: ['traffic.sidecar.istio.io/excludeOutboundIPRanges'],
    since: '1.4',
    summary: 'outbound destinations never captured',
  },
  rerouteVirtualInterfaces: {
    json: 'KUBE_VIRT_INTERFACES',
    kind: 'interfaces',
    flag: { long: 'kube-virt-interfaces', short: 'k' },
    env: ['KUBE_VIRT_INTERFACES'],
    annotations: ['istio.io/reroute-virtual-interfaces', 'traffic.sidecar.istio.io/kubevirtInterfaces'],
    since: '1.4',
    summary: 'interfaces whose inbound traffic is treated as outbound',
  },
  excludeInterfaces: {
    json: 'EXCLUDE_INTERFACES',
    kind: 'interfaces',
    flag: { long: 'istio-exclude-interfaces', short: 'c' },
    env: ['ISTIO_EXCLUDE_INTERFACES'],
    annotations: ['traffic.sidecar.istio.io/excludeInterfaces'],
    since: '1.12',
    summary: 'interfaces whose traffic is never captured',
  },
  redirectDns: {
    json: 'REDIRECT_DNS',
    kind: 'bool',
    flag: { long: 'redirect-dns' },
    env: ['REDIRECT_DNS', 'ISTIO_META_DNS_CAPTURE'],
    since: '1.9',
    summary: "DNS to the resolv.conf servers goes to pilot-agent's 15053",
  },
  captureAllDns: {
    json: 'CAPTURE_ALL_DNS',
    kind: 'bool',
    flag: { long: 'capture-all-dns' },
    env: ['CAPTURE_ALL_DNS'],
    since: '1.11',
    summary: 'with DNS capture, all port-53 traffic whatever the server',
  },
  dropInvalid: {
    json: 'DROP_INVALID',
    kind: 'bool',
    flag: { long: 'drop-invalid' },
    env: ['DROP_INVALID', 'INVALID_DROP'],
    since: '1.13',
    summary: 'drop packets conntrack marks INVALID',
  },
  dualStack: {
    json: 'DUAL_STACK',
    kind: 'bool',
    flag: { long: 'dual-stack' },
    env: ['DUAL_STACK', 'ISTIO_DUAL_STACK'],
    since: '1.21',
    summary: 'IPv6 rules whenever the pod has any IPv6 address',
  },
  enableIpv6: {
    json: 'ENABLE_INBOUND_IPV6',
    kind: 'bool',
    env: [],
    since: '1.4',
    summary: "write the ip6tables rules (detected from the pod's addresses)",
  },
  dnsServersV4: {
    json: 'DNS_SERVERS_V4',
    kind: 'servers',
    env: [],
    since: '1.9',
    summary: 'IPv4 nameservers of /etc/resolv.conf',
  },
  dnsServersV6: {
    json: 'DNS_SERVERS_V6',
    kind: 'servers',
    env: [],
    since: '1.12',
    summary: 'IPv6 nameservers of /etc/resolv.conf',
  },
  hostIpv4LoopbackCidr: {
    json: 'HOST_IPV4_LOOPBACK_CIDR',
    kind: 'loopback-cidr',
    env: ['ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR'],
    since: '1.21',
    summary: 'the IPv4 loopback range in place of 127.0.0.1/32',
  },
  traceLogging: {
    json: 'IPTABLES_TRACE_LOGGING',
    kind: 'bool',
    flag: { long: 'iptables-trace-logging' },
    env: ['IPTABLES_TRACE_LOGGING'],
    since: '1.12',
    until: '1.24',
    summary: 'an NFLOG rule before each tagged rule',
  },
  nativeNftables: {
    json: 'NATIVE_NFTABLES',
    kind: 'bool',
    flag: { long: 'native-nftables' },
    env: ['NATIVE_NFTABLES'],
    since: '1.27',
    summary: 'program nftables instead of iptables',
  },
} as const satisfies Record<ConfigField, FieldSpec>;

export const FIELD_NAMES = Object.keys(FIELDS) as ConfigField[];

export function fieldSpec(field: ConfigField): FieldSpec {
  return FIELDS[field];
}
