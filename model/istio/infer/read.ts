// A configuration read back from rules, assuming a given version's generator: every flag the rules show is read off
// them (the ports of the redirects, the owners of the RETURNs, the ranges of the jumps, …); what no rule shows keeps
// istio-iptables' default and is listed in `notes`. infer.ts then generates from it and compares.
import type { Ruleset } from '../../rules/index.ts';
import { type ConfigResult, parseRawConfig } from '../config/parse.ts';
import { defaultRawConfig } from '../config/raw.ts';
import { featuresOf } from '../generate/features.ts';
import type { IstioVersion } from '../version.ts';
import { readInbound, readInterfaces } from './read-inbound.ts';
import { readDns, readOutput } from './read-outbound.ts';
import { chainRules, hasChain } from './shape.ts';

export interface Reading {
  readonly result: ConfigResult;
  /** What the rules cannot show, and the value assumed for it. */
  readonly notes: readonly string[];
}

export function readConfig(rulesets: readonly Ruleset[], version: IstioVersion): Reading | string {
  const f = featuresOf(version);
  const v4 = rulesets.find((r) => r.family === 'ipv4');
  const v6 = rulesets.find((r) => r.family === 'ipv6');
  if (!v4 || !hasChain(v4, 'nat', 'ISTIO_OUTPUT') || !hasChain(v4, 'nat', 'ISTIO_REDIRECT')) {
    return 'the IPv4 rules have no nat ISTIO_OUTPUT and ISTIO_REDIRECT chains: not a rule set istio-iptables wrote';
  }
  const notes: string[] = [];
  const raw = defaultRawConfig(version);
  readInbound(v4, f, raw, notes);
  readInterfaces(v4, raw);
  const o4 = readOutput(v4, f);
  const ipv6 = v6 !== undefined && hasChain(v6, 'nat', 'ISTIO_OUTPUT');
  const o6 = ipv6 ? readOutput(v6, f) : undefined;
  raw.enableIpv6 = ipv6;
  if (!v6) notes.push('the dump has no ip6tables rules: IPv6 assumed off (ENABLE_INBOUND_IPV6=false)');
  raw.outboundPortsExclude = o4.outboundPortsExclude.join(',');
  if (o4.uids.length > 0) raw.proxyUid = o4.uids.join(',');
  raw.proxyGid = o4.gids.length > 0 ? o4.gids.join(',') : raw.proxyUid;
  if (f.ownerGroups) {
    raw.ownerGroupsExclude = o4.groupsExclude.join(',');
    raw.ownerGroupsInclude = o4.groupsInclude ? o4.groupsInclude.join(',') : '*';
  }
  if (f.loopbackCidr && o4.loopback) raw.hostIpv4LoopbackCidr = o4.loopback;
  raw.outboundIpRangesExclude = [...o4.excludes, ...(o6?.excludes ?? [])].join(',');
  raw.outboundPortsInclude = o4.portIncludes.join(',');
  const all = o4.includeAll || o6?.includeAll === true;
  raw.outboundIpRangesInclude = all ? '*' : [...o4.includes, ...(o6?.includes ?? [])].join(',');
  if (
    !all &&
    !o4.sawLoReturn &&
    o4.uids.length > 0 &&
    f.loopbackIncludeDropsLoReturn &&
    ![...o4.includes].some((c) => c.startsWith('127.'))
  ) {
    notes.push('the loopback RETURNs are absent but no loopback range is captured: not a rule set this version writes');
  }
  const d4 = readDns(v4);
  const d6 = readDns(ipv6 ? v6 : undefined);
  raw.redirectDns = d4.on || d6.on || o4.dnsCarveOut || chainRules(v4, 'raw', 'OUTPUT').length > 0;
  raw.captureAllDns = d4.all || d6.all;
  raw.dnsServersV4 = raw.captureAllDns ? [] : d4.servers;
  raw.dnsServersV6 = raw.captureAllDns ? [] : d6.servers;
  raw.dropInvalid = chainRules(v4, 'mangle', 'PREROUTING').some((r) =>
    r.matches.some((m) => m.kind === 'conntrack' && m.states.includes('INVALID')),
  );
  raw.traceLogging = v4.tables.some((t) =>
    t.chains.some((c) => c.rules.some((r) => r.target.kind === 'log' && r.target.module === 'NFLOG')),
  );
  return { result: parseRawConfig(raw, {}), notes };
}
