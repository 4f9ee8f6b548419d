// IptablesConfigurator.Run (tools/istio-iptables/pkg/capture/run.go, and pkg/cmd/run.go before 1.12) for the rule
// builder's era, 1.5 to master: the steps in Run's order, each asking the version's features where releases differ.
import type { IstioConfig } from '../config/types.ts';
import { RuleBuilder } from './builder.ts';
import { newCtx } from './context.ts';
import { dnsChain, dnsTcpRedirects, dnsUdpRules } from './dns.ts';
import type { Features } from './features.ts';
import { excludeInterfaces, inboundPorts, kubeVirtReturns } from './inbound.ts';
import {
  excludedRanges,
  inboundPassthroughReturn,
  includedRanges,
  loopbackReturn,
  outboundPortCaptures,
  outboundPortExclusions,
  outputJump,
  ownerBlocks,
  ownerGroupRules,
} from './outbound.ts';
import { tproxyMarks } from './tproxy.ts';

/** Whether DNS capture is on once Run has looked at it (1.25+ turns it off when there is nothing to capture). */
export function dnsCaptureOn(c: IstioConfig, f: Features): boolean {
  if (!c.redirectDns || f.dns === null) return false;
  const nothing = !c.captureAllDns && c.dnsServersV4.length === 0 && c.dnsServersV6.length === 0;
  return !(f.dnsOffWithoutServers && nothing);
}

export function runBuilderEra(c: IstioConfig, f: Features): RuleBuilder {
  const b = new RuleBuilder(c.enableIpv6, c.traceLogging && f.nflog, f.dryRun === 'commands');
  const ctx = newCtx(b, c, f, dnsCaptureOn(c, f));
  if (f.excludeInterfaces) excludeInterfaces(ctx);
  if (f.kubeVirtReturnsFirst) kubeVirtReturns(ctx);
  if (c.dropInvalid && f.dropInvalid === 'direct') {
    b.append('PREROUTING', 'mangle', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP');
  } else if (c.dropInvalid && f.dropInvalid === 'chain') {
    b.append('PREROUTING', 'mangle', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'ISTIO_DROP');
    b.append('ISTIO_DROP', 'mangle', '-j', 'DROP');
  }
  if (f.tunnelPort)
    b.append('ISTIO_INBOUND', 'nat', '-p', 'tcp', '--dport', String(c.inboundTunnelPort), '-j', 'RETURN');
  b.append('ISTIO_REDIRECT', 'nat', '-p', 'tcp', '-j', 'REDIRECT', f.toPortsOption, String(c.proxyPort));
  const toProxy = f.inRedirectToProxyPortUnlessAll && c.inboundPortsInclude.kind !== 'all';
  const inPort = String(toProxy ? c.proxyPort : c.inboundCapturePort);
  b.log('InboundCapture').append('ISTIO_IN_REDIRECT', 'nat', '-p', 'tcp', '-j', 'REDIRECT', f.toPortsOption, inPort);
  inboundPorts(ctx);
  outputJump(ctx);
  outboundPortExclusions(ctx);
  inboundPassthroughReturn(ctx);
  ownerBlocks(ctx);
  if (f.ownerGroups) ownerGroupRules(ctx);
  if (ctx.redirectDns && f.dns === 'dns-chain') dnsChain(ctx);
  else if (ctx.redirectDns) dnsTcpRedirects(ctx);
  loopbackReturn(ctx);
  excludedRanges(ctx);
  if (!f.kubeVirtReturnsFirst) kubeVirtReturns(ctx);
  if (f.outboundPortsInclude) outboundPortCaptures(ctx);
  includedRanges(ctx, 'v4');
  includedRanges(ctx, 'v6');
  if (ctx.redirectDns && f.dns !== 'dns-chain') dnsUdpRules(ctx);
  if (c.interceptionMode === 'TPROXY') tproxyMarks(ctx);
  return b;
}
