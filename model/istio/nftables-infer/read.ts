// A configuration read back from native nftables rules (Istio 1.27+, tables inet istio-proxy-{nat,mangle,raw}): every
// option the rules show is read off them as tools/istio-nftables/pkg/capture/run.go at istio/istio 86c9f01 writes it
// (the generator in model/istio/nftables follows it); what no rule shows keeps istio-iptables' default and is listed
// in `notes`. The caller generates from the reading and compares (model/configured/nft-setup.ts), as the iptables
// inference does (infer/infer.ts). The inet tables sit in both families' rulesets; the IPv4 one is read.
import type { Ruleset } from '../../rules/index.ts';
import { parseRawConfig } from '../config/parse.ts';
import { defaultRawConfig } from '../config/raw.ts';
import type { Reading } from '../infer/read.ts';
import { NEWEST_VERSION } from '../version.ts';
import { readInbound, readInterfaces } from './read-inbound.ts';
import { readDns, readOutput } from './read-outbound.ts';
import { address, hasIstioTable, nftChain } from './shape.ts';

const NAT = 'istio-proxy-nat';

/** Whether IPv6 was on: run.go writes `oifname lo ip6 saddr ::6/128 … return` in istio-output only then. */
function ipv6On(rs: Ruleset): boolean {
  return nftChain(rs, NAT, 'istio-output').some((r) => address(r, 'source')?.addr.family === 'ipv6');
}

export function readNftConfig(rulesets: readonly Ruleset[]): Reading | string {
  const rs = rulesets.find((r) => r.family === 'ipv4');
  if (!rs || !hasIstioTable(rs, NAT) || nftChain(rs, NAT, 'istio-output').length === 0) {
    return 'the rules have no table inet istio-proxy-nat with an istio-output chain: not a rule set istio-nftables wrote';
  }
  const notes: string[] = [];
  const raw = defaultRawConfig(NEWEST_VERSION);
  readInbound(rs, raw, notes);
  readInterfaces(rs, raw);
  const out = readOutput(rs);
  raw.enableIpv6 = ipv6On(rs);
  if (!raw.enableIpv6)
    notes.push(
      'no rule tests an IPv6 address (run.go writes ip6 rules only with ENABLE_INBOUND_IPV6): IPv6 read as off',
    );
  raw.outboundPortsExclude = out.outboundPortsExclude.join(',');
  if (out.uids.length > 0) raw.proxyUid = out.uids.join(',');
  raw.proxyGid = out.gids.length > 0 ? out.gids.join(',') : raw.proxyUid;
  raw.ownerGroupsExclude = out.groupsExclude.join(',');
  raw.ownerGroupsInclude = out.groupsInclude ? out.groupsInclude.join(',') : '*';
  if (out.loopback) raw.hostIpv4LoopbackCidr = out.loopback;
  raw.outboundIpRangesExclude = out.excludes.join(',');
  raw.outboundPortsInclude = out.portIncludes.join(',');
  raw.outboundIpRangesInclude = out.includeAll ? '*' : out.includes.join(',');
  const dns = readDns(rs);
  raw.redirectDns = dns.on || out.dnsJump || nftChain(rs, 'istio-proxy-raw', 'output').length > 0;
  raw.captureAllDns = dns.all;
  raw.dnsServersV4 = dns.all ? [] : dns.v4;
  raw.dnsServersV6 = dns.all ? [] : dns.v6;
  if (!raw.redirectDns)
    notes.push(
      'no rule redirects DNS: DNS capture is off, or on without a nameserver (run.go then writes no DNS rule); off assumed',
    );
  raw.dropInvalid = nftChain(rs, 'istio-proxy-mangle', 'prerouting').some((r) =>
    r.matches.some((m) => m.kind === 'conntrack' && m.states.includes('INVALID')),
  );
  return { result: parseRawConfig(raw, {}), notes };
}
