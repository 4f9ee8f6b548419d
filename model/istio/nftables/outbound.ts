// Outbound capture in nat's istio-output (tools/istio-nftables/pkg/capture/run.go at istio/istio 86c9f01): the
// per-uid and per-gid rules, the owner-group filter, and the CIDR includes with their virtual-interface twins.
import { prefixString } from '../config/cidr-text.ts';
import { ownerText } from '../config/print.ts';
import type { IstioConfig } from '../config/types.ts';
import type { NetworkRange } from '../generate/context.ts';
import type { RuleBuilder } from './builder.ts';

const NAT = 'istio-proxy-nat';

/**
 * Back to Envoy's inbound over lo, the lo bypass for other owners, and the proxy's own exit, for each of `owners`
 * (the proxy's uids, then its gids, each with its key: `skuid` or `skgid`).
 */
export function ownerRules(
  b: RuleBuilder,
  config: IstioConfig,
  owners: readonly (readonly [string, string])[],
  redirectDns: boolean,
  loopbackIncluded: boolean,
): void {
  const tunnel = config.inboundTunnelPort;
  const lo = config.hostIpv4LoopbackCidr;
  for (const [key, id] of owners) {
    // With DNS capture, the uid rules (not the gid rules) also leave port 53 alone on lo.
    const ports = redirectDns && key === 'skuid' ? `{ 53, ${tunnel} }` : String(tunnel);
    const toInbound = `tcp dport != ${ports} ${key} ${id} counter jump istio-in-redirect`;
    b.append(NAT, 'istio-output', `oifname lo meta l4proto tcp ip daddr != ${lo} ${toInbound}`);
    b.appendV6(NAT, 'istio-output', `oifname lo meta l4proto tcp ip6 daddr != ::1/128 ${toInbound}`);
    // A loopback CIDR in the outbound includes captures app-to-app traffic over lo: then no lo bypass.
    if (!loopbackIncluded) {
      if (redirectDns)
        b.append(NAT, 'istio-output', `oifname lo meta l4proto tcp tcp dport != 53 ${key} != ${id} counter return`);
      else b.append(NAT, 'istio-output', `oifname lo ${key} != ${id} counter return`);
    }
    b.append(NAT, 'istio-output', `${key} ${id} counter return`);
  }
}

/** ISTIO_OUTBOUND_OWNER_GROUPS(_EXCLUDE): return for excluded groups, or for every group but the included ones. */
export function ownerGroups(b: RuleBuilder, config: IstioConfig): void {
  const include = config.ownerGroupsInclude;
  if (include.kind === 'all') {
    for (const g of config.ownerGroupsExclude) b.append(NAT, 'istio-output', `skgid ${ownerText(g)} counter return`);
    return;
  }
  const noneOf = include.items.map((g) => `skgid != ${ownerText(g)} `).join('');
  b.append(NAT, 'istio-output', `${noneOf}counter return`);
}

/** `-i`: everything else to istio-redirect, or only the CIDRs; `-k` interfaces get the same in prerouting. */
export function outboundIncludes(
  b: RuleBuilder,
  config: IstioConfig,
  include: { v4: NetworkRange; v6: NetworkRange },
): void {
  const virtual = config.rerouteVirtualInterfaces;
  if (include.v4.wildcard || include.v6.wildcard) {
    b.append(NAT, 'istio-output', 'counter jump istio-redirect');
    for (const nic of virtual) b.insert(NAT, 'prerouting', 0, `iifname ${nic} counter jump istio-redirect`);
    return;
  }
  for (const cidr of include.v4.cidrs) {
    for (const nic of virtual)
      b.insert(NAT, 'prerouting', 0, `iifname ${nic} ip daddr ${prefixString(cidr)} counter jump istio-redirect`);
    b.append(NAT, 'istio-output', `ip daddr ${prefixString(cidr)} counter jump istio-redirect`);
  }
  for (const cidr of include.v6.cidrs) {
    for (const nic of virtual)
      b.insertV6(NAT, 'prerouting', 0, `iifname ${nic} ip6 daddr ${prefixString(cidr)} counter jump istio-redirect`);
    b.appendV6(NAT, 'istio-output', `ip6 daddr ${prefixString(cidr)} counter jump istio-redirect`);
  }
}
