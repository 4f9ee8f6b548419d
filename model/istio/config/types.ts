// Istio's capture configuration, parsed once: the fields of istio-iptables' Config (tools/common/config/config.go at
// istio/istio 86c9f01) that change the generated rules, with typed values. Both backends (iptables and nftables)
// read this; the field names follow config.go's Go names in camelCase, and fields.ts maps each one to the flag, env
// variable, JSON field and annotation a user writes.
import type { Addr, Cidr, Family } from '../addresses.ts';

/** A uid, gid or group as istio-iptables passes it to `-m owner`: a number, or a name iptables resolves via NSS. */
export type OwnerRef = { readonly kind: 'id'; readonly id: number } | { readonly kind: 'name'; readonly name: string };

/**
 * A CIDR as Go's netip.ParsePrefix reads it: the address as written (not masked) and the prefix length. Istio prints
 * it back with Prefix.String() since 1.16 and with the masked network (net.ParseCIDR) before; see cidr-text.ts.
 */
export interface IstioCidr {
  readonly addr: Addr;
  readonly prefix: number;
  readonly family: Family;
  /** The network the kernel matches (the address masked), as the project's Cidr. */
  readonly cidr: Cidr;
}

/** `-b`/`-i`: "*" is everything, an empty list is nothing. */
export type Selection<T> = { readonly kind: 'all' } | { readonly kind: 'list'; readonly items: readonly T[] };

/** Istio treats every mode other than TPROXY (REDIRECT, "", anything) as REDIRECT (capture/run.go). */
export type InterceptionMode = 'REDIRECT' | 'TPROXY';

export interface IstioConfig {
  /** -p: Envoy's outbound listener (ISTIO_REDIRECT). */
  readonly proxyPort: number;
  /** -z: Envoy's inbound listener (ISTIO_IN_REDIRECT, TPROXY --on-port). */
  readonly inboundCapturePort: number;
  /** -e: the HBONE tunnel port that ISTIO_INBOUND lets through (1.7+). */
  readonly inboundTunnelPort: number;
  /** -u: one rule block per uid. */
  readonly proxyUid: readonly OwnerRef[];
  /** -g: one rule block per gid; defaults to the uids. */
  readonly proxyGid: readonly OwnerRef[];
  /** -m */
  readonly interceptionMode: InterceptionMode;
  /** -t: the TPROXY mark (also the connmark). */
  readonly tproxyMark: number;
  /** -r: the policy-routing table for TPROXY; only `ip rule` uses it, never an iptables rule. */
  readonly tproxyRouteTable: number;
  /** -b */
  readonly inboundPortsInclude: Selection<number>;
  /** -d: used only when -b is "*". */
  readonly inboundPortsExclude: readonly number[];
  /** ISTIO_OUTBOUND_OWNER_GROUPS (1.14+): "*" or the only groups whose traffic is captured. */
  readonly ownerGroupsInclude: Selection<OwnerRef>;
  /** ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: used only when the include is "*". */
  readonly ownerGroupsExclude: readonly OwnerRef[];
  /** -q (1.7+) */
  readonly outboundPortsInclude: readonly number[];
  /** -o */
  readonly outboundPortsExclude: readonly number[];
  /** -i */
  readonly outboundIpRangesInclude: Selection<IstioCidr>;
  /** -x */
  readonly outboundIpRangesExclude: readonly IstioCidr[];
  /** -k */
  readonly rerouteVirtualInterfaces: readonly string[];
  /** -c (1.12+) */
  readonly excludeInterfaces: readonly string[];
  /** --redirect-dns / ISTIO_META_DNS_CAPTURE */
  readonly redirectDns: boolean;
  /** --capture-all-dns (1.11+) */
  readonly captureAllDns: boolean;
  /** --drop-invalid / INVALID_DROP (1.13+) */
  readonly dropInvalid: boolean;
  /** --dual-stack / ISTIO_DUAL_STACK (1.21+): only changes how ENABLE_INBOUND_IPV6 is detected. */
  readonly dualStack: boolean;
  /** Detected by istio-iptables from the pod's addresses: whether the ip6tables rules are written. */
  readonly enableIpv6: boolean;
  /** The IPv4 nameservers of /etc/resolv.conf, as written there (read only with DNS capture and not capture-all). */
  readonly dnsServersV4: readonly string[];
  readonly dnsServersV6: readonly string[];
  /** ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR (1.21+), emitted verbatim in the rules (e.g. "127.0.0.1/8"). */
  readonly hostIpv4LoopbackCidr: string;
  /** --iptables-trace-logging (1.12 to 1.24): an NFLOG rule before each tagged rule. */
  readonly traceLogging: boolean;
  /** --native-nftables (1.27+): nftables instead of iptables. */
  readonly nativeNftables: boolean;
}

export type ConfigField = keyof IstioConfig;
