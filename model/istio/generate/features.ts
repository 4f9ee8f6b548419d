// Every difference between istio-iptables versions that the generator models, in one place, each with the istio/istio
// commit that made it and the first X.Y.0 tag whose tree contains it (read with `git tag --contains`). The generator
// files ask these questions instead of comparing versions themselves.
import { atLeast, type IstioVersion } from '../version.ts';

export type DnsEra =
  /** 1.9 to 1.22: TCP 53 redirects in nat ISTIO_OUTPUT, UDP in nat OUTPUT, CT zones in raw OUTPUT/PREROUTING (1.11+). */
  | 'output'
  /** 1.23 and 1.24: the UDP rules move into ISTIO_OUTPUT (nat and raw), reached by `-p udp` jumps (b2e7ae058ef). */
  | 'istio-output'
  /** 1.25+: chains ISTIO_OUTPUT_DNS (nat, raw) and raw ISTIO_INBOUND (f4d72e7fc52, #53998). */
  | 'dns-chain';

export interface Features {
  /** 1.4 ran each iptables command as it went; 1.5 introduced the rule builder (376dfd358e1). */
  readonly builder: boolean;
  /** ISTIO_INBOUND's hard-coded `--dport 22 -j RETURN` with -b "*", removed by f1f7487b9cb (#36312) in 1.13. */
  readonly sshExclusion: boolean;
  /** nat ISTIO_INBOUND's first rule `--dport <-e> -j RETURN`, added by 7405e49a014 (#25392) in 1.7. */
  readonly tunnelPort: boolean;
  /** -q, added by 70593c448e5 (#23941) in 1.7. */
  readonly outboundPortsInclude: boolean;
  /** A loopback CIDR in -i drops the `-o lo ! --uid-owner` RETURNs: 1dee4e99ada (#24143), 1.7. */
  readonly loopbackIncludeDropsLoReturn: boolean;
  /** ISTIO_IN_REDIRECT goes to -p (not -z) unless -b is "*", until 2098c38bffd (#22686) in 1.6. */
  readonly inRedirectToProxyPortUnlessAll: boolean;
  /** The redirects' port option: `--to-port` until fcaf9ab06b8 (#23289), `--to-ports` from 1.6.0's tree. */
  readonly toPortsOption: '--to-port' | '--to-ports';
  /** The owner rules `-o lo ... -j ISTIO_IN_REDIRECT` gain `-p tcp ! --dport <-e>`: 57f3b2bab3c (#43414), 1.18. */
  readonly tunnelExcludedFromOwnerRedirect: boolean;
  /** `-A OUTPUT -p tcp -j ISTIO_OUTPUT` until f4d72e7fc52 (#53998) made it protocol-independent in 1.25. */
  readonly outputJumpTcpOnly: boolean;
  /** -o also returns UDP from 1.25 (f4d72e7fc52). */
  readonly outboundPortsExcludeUdp: boolean;
  /** A trailing `-A ISTIO_OUTPUT -j RETURN` after CIDR includes, removed by fa8b7af93f8 (#51352) in 1.23. */
  readonly trailingReturn: boolean;
  /** The -k RETURN inserts happen before the inbound rules from 515620ee8e1 (#25781), 1.8 (same final order). */
  readonly kubeVirtReturnsFirst: boolean;
  /** -c, added by 437970b95b6 (#34832) in 1.12. */
  readonly excludeInterfaces: boolean;
  /** --drop-invalid: direct `-j DROP` from 82aa122cdc0 (#36566, 1.13), via ISTIO_DROP from 9a85305ec04 (#53066, 1.24). */
  readonly dropInvalid: 'none' | 'direct' | 'chain';
  /** ISTIO_OUTBOUND_OWNER_GROUPS(_EXCLUDE), added by 740afb01913 (#37057) in 1.14. */
  readonly ownerGroups: boolean;
  /** ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR replaces 127.0.0.1/32: e04959458a2 (#48045), 1.21. */
  readonly loopbackCidr: boolean;
  /** CIDRs printed as written (netip) from 86b4f3d525a (#41332, 1.16); as the masked network (net.ParseCIDR) before. */
  readonly cidrText: 'masked' | 'as-written';
  /** DNS capture as modelled (1.9+, the --redirect-dns flag of ddbff46c965, #29908); null before (see support.ts). */
  readonly dns: DnsEra | null;
  /** DNS UDP split into conntrack zones in raw, from 1.11 (22efe35d7df's era; 1.9 and 1.10 have no raw rules). */
  readonly dnsConntrackZones: boolean;
  /** DNS replies matched on `-s server` in raw PREROUTING from 8a0ca290b81 (#46937, 1.20); `-d server` before. */
  readonly dnsReplyMatchesSource: boolean;
  /** DNS capture without servers and without capture-all is turned off from 1.25 (f4d72e7fc52). */
  readonly dnsOffWithoutServers: boolean;
  /**
   * TPROXY's mangle rules after the captures: from 1.9 (5ea614d48ee, #28457, which also made TPROXY's --on-port -z)
   * the connection-mark save and restore and a mark RETURN; from 1.11 also the 1338 marks on the proxy's loopback
   * traffic and two more ISTIO_INBOUND RETURNs. Earlier TPROXY modes are not modelled (support.ts).
   */
  readonly tproxy: 'none' | 'marks' | 'outbound-mark';
  /** --iptables-trace-logging NFLOG rules, from 4ca427a5f14 (#34189, 1.12) until f4d72e7fc52 (1.25). */
  readonly nflog: boolean;
  /** IPv4 and IPv6 rules from one code path, with TPROXY and DNS for IPv6: c907abd96f4, 48f036a2965 (1.12). */
  readonly unifiedFamilies: boolean;
  /** The dry-run output: each command (`iptables -t nat -A …`) before 9a85305ec04 (#53066, 1.24), restore input after. */
  readonly dryRun: 'commands' | 'restore';
}

export function featuresOf(v: IstioVersion): Features {
  return {
    builder: atLeast(v, '1.5'),
    sshExclusion: !atLeast(v, '1.13'),
    tunnelPort: atLeast(v, '1.7'),
    outboundPortsInclude: atLeast(v, '1.7'),
    loopbackIncludeDropsLoReturn: atLeast(v, '1.7'),
    inRedirectToProxyPortUnlessAll: !atLeast(v, '1.6'),
    toPortsOption: atLeast(v, '1.6') ? '--to-ports' : '--to-port',
    tunnelExcludedFromOwnerRedirect: atLeast(v, '1.18'),
    outputJumpTcpOnly: !atLeast(v, '1.25'),
    outboundPortsExcludeUdp: atLeast(v, '1.25'),
    trailingReturn: !atLeast(v, '1.23'),
    kubeVirtReturnsFirst: atLeast(v, '1.8'),
    excludeInterfaces: atLeast(v, '1.12'),
    dropInvalid: atLeast(v, '1.24') ? 'chain' : atLeast(v, '1.13') ? 'direct' : 'none',
    ownerGroups: atLeast(v, '1.14'),
    loopbackCidr: atLeast(v, '1.21'),
    cidrText: atLeast(v, '1.16') ? 'as-written' : 'masked',
    dns: atLeast(v, '1.25') ? 'dns-chain' : atLeast(v, '1.23') ? 'istio-output' : atLeast(v, '1.9') ? 'output' : null,
    dnsConntrackZones: atLeast(v, '1.11'),
    dnsReplyMatchesSource: atLeast(v, '1.20'),
    dnsOffWithoutServers: atLeast(v, '1.25'),
    tproxy: atLeast(v, '1.11') ? 'outbound-mark' : atLeast(v, '1.9') ? 'marks' : 'none',
    nflog: atLeast(v, '1.12') && !atLeast(v, '1.25'),
    unifiedFamilies: atLeast(v, '1.12'),
    dryRun: atLeast(v, '1.24') ? 'restore' : 'commands',
  };
}
