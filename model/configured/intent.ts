// What the configuration asks the rules to do, per family: the invariants' scope when a configuration is given (or
// inferred), so that a rule that breaks the capture cannot also erase the intent it broke. Each field follows the
// step of capture/run.go (istio/istio 86c9f01) that writes the rules for it; see model/istio/generate.

import type { Intent } from '../invariants/index.ts';
import { dnsCaptureOn, featuresOf, type IstioConfig, type IstioVersion } from '../istio/index.ts';
import { type Cidr, type Family, parseCidr } from '../net/index.ts';
import { type NameTable, resolveOwners } from './groups.ts';

export interface ConfiguredIntent {
  readonly intent: Intent;
  /** Owner group names the table could not resolve (their rules stay unmodelled; the verdicts they decide are undetermined). */
  readonly unresolvedGroups: readonly string[];
}

export function intentOf(
  config: IstioConfig,
  version: IstioVersion,
  family: Family,
  names: NameTable,
): ConfiguredIntent {
  const f = featuresOf(version);
  const inbound = config.inboundPortsInclude;
  const inboundCapture = inbound.kind === 'all' || inbound.items.length > 0;
  const tunnel = f.tunnelPort ? [config.inboundTunnelPort] : [];
  const inboundExcludedPorts =
    inbound.kind === 'all' ? [...tunnel, ...(f.sshExclusion ? [22] : []), ...config.inboundPortsExclude] : tunnel;
  const include = config.outboundIpRangesInclude;
  const ofFamily = (cidrs: readonly { family: Family; cidr: Cidr }[]) =>
    cidrs.filter((c) => c.family === family).map((c) => c.cidr);
  const outboundCidrs = include.kind === 'all' ? ('all' as const) : ofFamily(include.items);
  const outboundIncludedPorts = f.outboundPortsInclude ? config.outboundPortsInclude : [];
  const groupsInclude = resolveOwners(
    config.ownerGroupsInclude.kind === 'all' ? [] : config.ownerGroupsInclude.items,
    names.groups,
  );
  const groupsExclude = resolveOwners(
    config.ownerGroupsInclude.kind === 'all' ? config.ownerGroupsExclude : [],
    names.groups,
  );
  const unresolvedGroups = f.ownerGroups ? [...groupsInclude.unresolved, ...groupsExclude.unresolved] : [];
  const ownerGroups = !f.ownerGroups
    ? { include: 'all' as const, exclude: [], unresolved: [] }
    : {
        include: config.ownerGroupsInclude.kind === 'all' ? ('all' as const) : groupsInclude.ids,
        exclude: groupsExclude.ids,
        unresolved: unresolvedGroups,
      };
  // DNS capture (capture/run.go SetupDNSRedir): the family's resolv.conf servers, or all port-53 traffic.
  const dnsServers = family === 'ipv4' ? config.dnsServersV4 : config.dnsServersV6;
  const dnsCapture = dnsCaptureOn(config, f) && (config.captureAllDns || dnsServers.length > 0);
  const hostBits = family === 'ipv4' ? 32 : 128;
  // What returns before the DNS redirects (capture/run.go, see DnsCarveOut): -o 53 for TCP always and for UDP where
  // -o writes a UDP RETURN (1.25+); the -x CIDRs for UDP where its redirects follow them in ISTIO_OUTPUT (1.23, 1.24).
  const port53 = config.outboundPortsExclude.includes(53);
  const dnsKeptOut = {
    tcp: { port: port53, cidrs: [] },
    udp: {
      port: port53 && f.outboundPortsExcludeUdp,
      cidrs: f.dns === 'istio-output' ? ofFamily(config.outboundIpRangesExclude) : [],
    },
  };
  return {
    intent: {
      source: 'configuration',
      ipv6: config.enableIpv6,
      dropInvalid: config.dropInvalid && f.dropInvalid !== 'none',
      inboundCapture,
      inboundPorts: inbound.kind === 'all' ? 'all' : inbound.items,
      inboundExcludedPorts,
      outboundCapture: outboundCidrs === 'all' || outboundCidrs.length > 0 || outboundIncludedPorts.length > 0,
      outboundExcludedPorts: config.outboundPortsExclude,
      outboundExcludedCidrs: ofFamily(config.outboundIpRangesExclude),
      outboundCidrs,
      outboundIncludedPorts,
      ownerGroups,
      loopbackCidr: parseCidr(
        family === 'ipv6' ? '::1/128' : f.loopbackCidr ? config.hostIpv4LoopbackCidr : '127.0.0.1/32',
      ),
      tunnelPort: tunnel[0] ?? null,
      uncapturedInterfaces: [
        ...(f.excludeInterfaces ? config.excludeInterfaces : []),
        ...config.rerouteVirtualInterfaces,
      ],
      dnsCapture,
      dnsCaptured: config.captureAllDns ? 'all' : dnsServers.map((s) => parseCidr(`${s}/${hostBits}`)),
      dnsKeptOut,
    },
    unresolvedGroups,
  };
}
