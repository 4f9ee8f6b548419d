// Istio's native nftables generator, from its configuration to the `nft -f` transaction istio-init applies: the
// behaviour of NftablesConfigurator.Run in tools/istio-nftables/pkg/capture/run.go at istio/istio 86c9f01 (Istio 1.27+,
// `--native-nftables`), in the same order. Tables inet istio-proxy-{nat,mangle,raw}; every rule counts (`counter`).
import { prefixString } from '../config/cidr-text.ts';
import { ownerText } from '../config/print.ts';
import type { IstioConfig } from '../config/types.ts';
import { separate } from '../generate/context.ts';
import { RuleBuilder } from './builder.ts';
import { dnsCapture } from './dns.ts';
import { inboundCapture, tproxyMarks } from './inbound.ts';
import { outboundIncludes, ownerGroups, ownerRules } from './outbound.ts';
import { transactionLines } from './transaction.ts';

const NAT = 'istio-proxy-nat';
const MANGLE = 'istio-proxy-mangle';

function excludedInterfaces(b: RuleBuilder, config: IstioConfig): void {
  for (const nic of config.excludeInterfaces) {
    b.append(NAT, 'prerouting', `iifname ${nic} counter return`);
    b.append(NAT, 'output', `oifname ${nic} counter return`);
  }
  if (config.interceptionMode !== 'TPROXY') return;
  for (const nic of config.excludeInterfaces) {
    b.append(MANGLE, 'prerouting', `iifname ${nic} counter return`);
    b.append(MANGLE, 'output', `oifname ${nic} counter return`);
  }
}

export interface NftablesTransaction {
  /** One `nft -f` command per line. */
  readonly lines: readonly string[];
  /** Each line ended by a newline, as knftables' Transaction.String() writes it and Istio's goldens hold it. */
  readonly text: string;
}

export function generateNftables(config: IstioConfig): NftablesTransaction {
  const b = new RuleBuilder(config.enableIpv6);
  const ranges = config.outboundIpRangesInclude;
  const include = separate(ranges.kind === 'all', ranges.kind === 'all' ? [] : ranges.items);
  const exclude = separate(false, config.outboundIpRangesExclude);
  const owners = [
    ...config.proxyUid.map((o) => ['skuid', ownerText(o)] as const),
    ...config.proxyGid.map((o) => ['skgid', ownerText(o)] as const),
  ];
  // REDIRECT_DNS without capture-all and without any nameserver captures nothing (run.go logs a warning).
  const redirectDns =
    config.redirectDns && (config.captureAllDns || config.dnsServersV4.length > 0 || config.dnsServersV6.length > 0);

  excludedInterfaces(b, config);
  for (const nic of config.rerouteVirtualInterfaces) b.insert(NAT, 'prerouting', 0, `iifname ${nic} counter return`);
  if (config.dropInvalid) {
    b.append(MANGLE, 'prerouting', 'meta l4proto tcp ct state invalid counter jump istio-drop');
    b.append(MANGLE, 'istio-drop', 'counter drop');
  }
  b.append(NAT, 'istio-inbound', `meta l4proto tcp tcp dport ${config.inboundTunnelPort} counter return`);
  b.append(NAT, 'istio-redirect', `meta l4proto tcp counter redirect to :${config.proxyPort}`);
  b.append(NAT, 'istio-in-redirect', `meta l4proto tcp counter redirect to :${config.inboundCapturePort}`);
  inboundCapture(b, config);
  b.append(NAT, 'output', 'counter jump istio-output');
  for (const p of config.outboundPortsExclude) {
    b.append(NAT, 'istio-output', `tcp dport ${p} counter return`);
    b.append(NAT, 'istio-output', `udp dport ${p} counter return`);
  }
  // 127.0.0.6 (::6): Envoy's inbound passthrough connects to the application from it.
  b.append(NAT, 'istio-output', 'oifname lo ip saddr 127.0.0.6/32 counter return');
  b.appendV6(NAT, 'istio-output', 'oifname lo ip6 saddr ::6/128 counter return');
  ownerRules(b, config, owners, redirectDns, include.v4.hasLoopback || include.v6.hasLoopback);
  ownerGroups(b, config);
  if (redirectDns) dnsCapture(b, config, owners);
  b.append(NAT, 'istio-output', `ip daddr ${config.hostIpv4LoopbackCidr} counter return`);
  b.appendV6(NAT, 'istio-output', 'ip6 daddr ::1/128 counter return');
  for (const cidr of exclude.v4.cidrs) b.append(NAT, 'istio-output', `ip daddr ${prefixString(cidr)} counter return`);
  for (const cidr of exclude.v6.cidrs)
    b.appendV6(NAT, 'istio-output', `ip6 daddr ${prefixString(cidr)} counter return`);
  for (const p of config.outboundPortsInclude)
    b.append(NAT, 'istio-output', `tcp dport ${p} counter jump istio-redirect`);
  outboundIncludes(b, config, include);
  if (config.interceptionMode === 'TPROXY') tproxyMarks(b, config, owners);
  const lines = transactionLines(b);
  return { lines, text: lines.map((l) => `${l}\n`).join('') };
}
