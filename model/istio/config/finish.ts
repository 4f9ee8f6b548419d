// What FillConfigFromEnvironment (tools/common/config/config.go) derives once flags and env are read: the gid list
// defaults to the uid list, ENABLE_INBOUND_IPV6 comes from the pod's addresses, and the DNS servers from
// /etc/resolv.conf (only when DNS capture is on and not capture-all). Offline, the caller supplies those facts.
import { AddressError, parseAddr } from '../addresses.ts';
import type { IstioVersion } from '../version.ts';
import type { ConfigIssue } from './issues.ts';
import { defaultRawConfig, type Provenance, type RawConfig } from './raw.ts';

export interface PodFacts {
  /** The nameservers of the pod's /etc/resolv.conf (--dns-server), IPv4 and IPv6 mixed. */
  readonly dnsServers?: readonly string[];
  /** ENABLE_INBOUND_IPV6 directly, when known. */
  readonly ipv6?: boolean;
  /** The pod's addresses (status.podIPs), from which istio-iptables' getLocalIP decides ENABLE_INBOUND_IPV6. */
  readonly podIps?: readonly string[];
}

function familyOf(text: string): 'ipv4' | 'ipv6' | undefined {
  try {
    return parseAddr(text).family;
  } catch (e) {
    if (e instanceof AddressError) return undefined;
    throw e;
  }
}

export function finishRaw(
  raw: RawConfig,
  provenance: Provenance,
  facts: PodFacts,
  version: IstioVersion,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (raw.proxyUid === '') {
    raw.proxyUid = defaultRawConfig(version).proxyUid;
    delete provenance.proxyUid;
  }
  if (!provenance.proxyGid || raw.proxyGid === '') {
    raw.proxyGid = raw.proxyUid;
    delete provenance.proxyGid;
  }
  if (facts.ipv6 !== undefined) raw.enableIpv6 = facts.ipv6;
  else if (facts.podIps && facts.podIps.length > 0) {
    // getLocalIP: the first address decides, unless dual-stack, where any IPv6 address turns IPv6 on.
    const families = facts.podIps.map(familyOf);
    raw.enableIpv6 = raw.dualStack === true ? families.includes('ipv6') : families[0] === 'ipv6';
  } else {
    issues.push({
      code: 'derived-value',
      severity: 'note',
      field: 'enableIpv6',
      message:
        "the pod's addresses are not known: assumed IPv4 only (istio-iptables writes ip6tables rules when the pod has an IPv6 address)",
    });
  }
  const servers = facts.dnsServers ?? [];
  if (raw.redirectDns === true && raw.captureAllDns !== true) {
    raw.dnsServersV4 = servers.filter((s) => familyOf(s) !== 'ipv6');
    raw.dnsServersV6 = servers.filter((s) => familyOf(s) === 'ipv6');
    if (servers.length > 0) provenance.dnsServersV4 = { kind: 'dns-server', value: servers.join(',') };
    if (servers.length === 0) {
      issues.push({
        code: 'derived-value',
        severity: 'note',
        field: 'dnsServersV4',
        message:
          "DNS capture is on but no DNS server was given: istio-iptables reads them from the pod's /etc/resolv.conf (give them with --dns-server); none assumed",
      });
    }
  } else if (servers.length > 0) {
    issues.push({
      code: 'ignored-input',
      severity: 'note',
      field: 'dnsServersV4',
      message:
        'the DNS servers are not used: istio-iptables reads resolv.conf only with DNS capture on and --capture-all-dns off',
    });
  }
  return issues;
}
