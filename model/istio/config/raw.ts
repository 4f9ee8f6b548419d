// The configuration as istio-iptables holds it before use: the Go Config struct's strings, booleans and lists
// (tools/common/config/config.go). Every way in (JSON, command line and env, pod manifest) fills one of these and
// records where each value came from; parse.ts turns it into the typed IstioConfig in one step.
import { atLeast, type IstioVersion } from '../version.ts';
import type { InputRef } from './issues.ts';
import type { ConfigField } from './types.ts';

export type RawValue = string | boolean | readonly string[];

export type RawConfig = { -readonly [F in ConfigField]: RawValue };

/** Where each value came from; a field absent here holds its default. */
export type Provenance = Partial<Record<ConfigField, InputRef>>;

/**
 * DefaultConfig() plus FillConfigFromEnvironment() with an empty environment, i.e. what istio-iptables runs with when
 * no flag and no env variable is given. PROXY_UID falls back to the uid of user "istio-proxy" (1337 in Istio's
 * images); in 1.4 to 1.7 the fallback also appended uid 0 ("1337,0", tools/istio-iptables/pkg/cmd/root.go at 1.7.0).
 */
export function defaultRawConfig(version: IstioVersion): RawConfig {
  const uid = atLeast(version, '1.8') ? '1337' : '1337,0';
  return {
    proxyPort: '15001',
    inboundCapturePort: '15006',
    inboundTunnelPort: '15008',
    proxyUid: uid,
    proxyGid: uid,
    interceptionMode: '',
    tproxyMark: '1337',
    tproxyRouteTable: '133',
    inboundPortsInclude: '',
    inboundPortsExclude: '',
    ownerGroupsInclude: '*',
    ownerGroupsExclude: '',
    outboundPortsInclude: '',
    outboundPortsExclude: '',
    outboundIpRangesInclude: '',
    outboundIpRangesExclude: '',
    rerouteVirtualInterfaces: '',
    excludeInterfaces: '',
    redirectDns: false,
    captureAllDns: false,
    dropInvalid: false,
    dualStack: false,
    enableIpv6: false,
    dnsServersV4: [],
    dnsServersV6: [],
    hostIpv4LoopbackCidr: '127.0.0.1/32',
    traceLogging: false,
    nativeNftables: false,
  };
}
