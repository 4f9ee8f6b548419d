// What a ruleset sets out to do, read from its structure: which traffic it means to capture and which it exempts.
// Invariants quantify over this intent. For a mutant, the intent comes from the original profile, so a mutant that
// stops capturing is a bug the invariants see, not a ruleset they no longer apply to.
import { type Cidr, isLoopback, loopbackOf } from '../net/index.ts';
import { PORTS } from '../pod/index.ts';
import type { Chain, Match, Rule, Ruleset } from '../rules/index.ts';
import { isSidecarChain, type SidecarChain } from '../ruleset/index.ts';

export interface Intent {
  /**
   * Where the intent comes from: the rules themselves (inferIntent), a capture configuration the user gives that says
   * what is wanted (model/configured's intentOf), or the configuration read back exactly from the rules (the CLI
   * without --config). Some scopes only narrow on a given configuration's word (metrics-bypass).
   */
  readonly source: 'rules' | 'configuration' | 'read-back';
  /**
   * Whether the configuration enables IPv6 (ENABLE_INBOUND_IPV6: istio-iptables then writes the same capture with
   * ip6tables); null when the intent is read from the rules, which say only which families they have.
   */
  readonly ipv6: boolean | null;
  /**
   * Packets conntrack marks INVALID are dropped on arrival (DROP_INVALID, from 1.13: mangle PREROUTING
   * `-m conntrack --ctstate INVALID -j DROP`, or `-j ISTIO_DROP` from 1.24).
   */
  readonly dropInvalid: boolean;
  /** PREROUTING sends TCP to ISTIO_INBOUND (istio-iptables -b non-empty). */
  readonly inboundCapture: boolean;
  /** 'all' (-b '*') or the listed inbound ports (-b 4000,5000). */
  readonly inboundPorts: 'all' | readonly number[];
  /** ISTIO_INBOUND's RETURN ports (-d, 15008, 22, 15090, 15021, 15020...). */
  readonly inboundExcludedPorts: readonly number[];
  /** ISTIO_OUTPUT sends traffic to ISTIO_REDIRECT (istio-iptables -i non-empty). */
  readonly outboundCapture: boolean;
  readonly outboundExcludedPorts: readonly number[];
  readonly outboundExcludedCidrs: readonly Cidr[];
  /** 'all' (-i '*') or the listed CIDRs. */
  readonly outboundCidrs: 'all' | readonly Cidr[];
  /** Ports captured whatever the destination (-q): `-p tcp --dport P -j ISTIO_REDIRECT`. */
  readonly outboundIncludedPorts: readonly number[];
  /**
   * Whose outbound traffic is captured, by the process's gid (ISTIO_OUTBOUND_OWNER_GROUPS and its _EXCLUDE): 'all'
   * or the included gids, minus the excluded ones. Read from a configuration only; the rules alone give 'all'.
   * `unresolved`: the group names the configuration uses that no --group or --group-file gave a gid (iptables resolves
   * them through the pod's /etc/group when it loads the rule; offline the model cannot).
   */
  readonly ownerGroups: {
    readonly include: 'all' | readonly number[];
    readonly exclude: readonly number[];
    readonly unresolved: readonly string[];
  };
  /**
   * The loopback CIDR istio-iptables keeps out of capture for every process (`-d CIDR -j RETURN`, and `! -d CIDR` in
   * the proxy's lo rules): 127.0.0.1/32 and ::1/128, or ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR from 1.21 (IPv4 only).
   */
  readonly loopbackCidr: Cidr;
  /** The inbound tunnel port the rules exempt in ISTIO_INBOUND (15008), or null. */
  readonly tunnelPort: number | null;
  /**
   * Interfaces whose arriving traffic the configuration keeps out of inbound capture: -c (excluded: PREROUTING
   * returns first) and -k (KubeVirt: the VM's traffic is rerouted to 15001 or returned, capture/run.go). Read from a
   * configuration only; the rules alone give none.
   */
  readonly uncapturedInterfaces: readonly string[];
  /** Some rule redirects DNS to pilot-agent's proxy (REDIRECT --to-ports 15053: istio-iptables' DNS capture). */
  readonly dnsCapture: boolean;
  /** The destinations of those redirects ('all': capture-all-dns, a redirect without -d): the DNS servers the rules name. */
  readonly dnsCaptured: 'all' | readonly Cidr[];
  /**
   * The port-53 queries of each protocol that istio-iptables returns from ISTIO_OUTPUT before its DNS redirects, so
   * they never reach 15053 (dns-exclusions): see DnsCarveOut.
   */
  readonly dnsKeptOut: { readonly tcp: DnsCarveOut; readonly udp: DnsCarveOut };
}

/**
 * What keeps one protocol's DNS queries out of capture, in the order of capture/run.go (istio/istio 86c9f01,
 * tools/istio-iptables/pkg/capture/run.go): `-o 53` returns TCP queries before the DNS redirects in every version, and
 * UDP ones from 1.25 (where -o writes a `-p udp` RETURN too); the -x CIDRs come after the DNS rules except for UDP in
 * 1.23 and 1.24, whose UDP redirects are appended to ISTIO_OUTPUT after the exclusions (HandleDNSUDP).
 */
export interface DnsCarveOut {
  readonly port: boolean;
  readonly cidrs: readonly Cidr[];
}

function dnsRedirects(rs: Ruleset): Rule[] {
  return rs.tables.flatMap((t) =>
    t.chains.flatMap((c) =>
      c.rules.filter((r) => r.target.kind === 'redirect' && r.target.toPorts?.from === PORTS.dns),
    ),
  );
}

/** The sidecar's chains of one role, under either backend's name (model/ruleset/sidecar.ts). */
function chains(rs: Ruleset, role: SidecarChain): Chain[] {
  return rs.tables.flatMap((t) => t.chains.filter((c) => isSidecarChain(c.name, role)));
}

function jumpsTo(rule: Rule, role: SidecarChain): boolean {
  return (rule.target.kind === 'jump' || rule.target.kind === 'goto') && isSidecarChain(rule.target.chain, role);
}

function dports(rule: Rule): number[] {
  return rule.matches.flatMap((m) =>
    m.kind === 'port' && m.direction === 'destination' && !m.negated && m.ranges.every((r) => r.to - r.from < 64)
      ? m.ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i))
      : [],
  );
}

const DNS_PORT = 53;
const TCP = 6;
const UDP = 17;
const substantive = (rule: Rule): Match[] => rule.matches.filter((m) => m.kind !== 'comment' && m.kind !== 'protocol');

/** RETURN rules of the output chains whose only condition is destination port 53 of this protocol (-o 53). */
function returnsDns(returns: readonly Rule[], protocol: number): DnsCarveOut {
  const port = returns.some(
    (r) =>
      substantive(r).every((m) => m.kind === 'port') &&
      dports(r).includes(DNS_PORT) &&
      r.matches.some((m) => m.kind === 'protocol' && !m.negated && m.protocol === protocol),
  );
  return { port, cidrs: [] };
}

/** A PREROUTING rule that sends INVALID packets to DROP or to a chain (istio-iptables' drop-invalid rule). */
function dropsInvalid(rs: Ruleset): boolean {
  return rs.tables.some((t) =>
    t.chains.some(
      (c) =>
        c.base?.hook === 'PREROUTING' &&
        c.rules.some(
          (r) =>
            (r.target.kind === 'drop' || r.target.kind === 'jump') &&
            r.matches.some((m) => m.kind === 'conntrack' && !m.negated && m.states.includes('INVALID')),
        ),
    ),
  );
}

export function inferIntent(rs: Ruleset): Intent {
  const prerouting = rs.tables.flatMap((t) => t.chains.filter((c) => c.base?.hook === 'PREROUTING'));
  const inboundCapture = prerouting.some((c) => c.rules.some((r) => jumpsTo(r, 'inbound')));
  const inbound = chains(rs, 'inbound').flatMap((c) => c.rules);
  const inboundExcludedPorts = inbound.filter((r) => r.target.kind === 'return').flatMap(dports);
  const capturing = inbound.filter((r) => jumpsTo(r, 'in-redirect') || jumpsTo(r, 'tproxy'));
  const inboundPorts = capturing.some((r) => dports(r).length === 0) ? 'all' : capturing.flatMap(dports);
  const output = chains(rs, 'output').flatMap((c) => c.rules);
  const returns = output.filter((r) => r.target.kind === 'return');
  const outboundExcludedPorts = returns.filter((r) => substantive(r).every((m) => m.kind === 'port')).flatMap(dports);
  const outboundExcludedCidrs = returns.flatMap((r) => {
    const [only, ...rest] = substantive(r);
    return only?.kind === 'destination' && !only.negated && rest.length === 0 && !isLoopback(only.cidr.addr)
      ? [only.cidr]
      : [];
  });
  const loopbackReturn = returns.flatMap((r) => {
    const [only, ...rest] = substantive(r);
    return only?.kind === 'destination' && !only.negated && rest.length === 0 && isLoopback(only.cidr.addr)
      ? [only.cidr]
      : [];
  });
  const redirects = output.filter((r) => jumpsTo(r, 'redirect'));
  // -q's rules name a port and no destination; -i's name a destination, or nothing for "*".
  const portOnly = (r: Rule) => substantive(r).length > 0 && substantive(r).every((m) => m.kind === 'port');
  const outboundIncludedPorts = redirects.filter(portOnly).flatMap(dports);
  const byDestination = redirects.filter((r) => !portOnly(r));
  const outboundCidrs = byDestination.some((r) => !r.matches.some((m) => m.kind === 'destination'))
    ? 'all'
    : byDestination.flatMap((r) => r.matches.flatMap((m) => (m.kind === 'destination' && !m.negated ? [m.cidr] : [])));
  const dns = dnsRedirects(rs);
  return {
    source: 'rules',
    ipv6: null,
    dropInvalid: dropsInvalid(rs),
    inboundCapture,
    inboundPorts,
    inboundExcludedPorts,
    outboundCapture: redirects.length > 0,
    outboundExcludedPorts,
    outboundExcludedCidrs,
    outboundCidrs,
    outboundIncludedPorts,
    ownerGroups: { include: 'all', exclude: [], unresolved: [] },
    loopbackCidr: loopbackReturn[0] ?? { addr: loopbackOf(rs.family), prefix: rs.family === 'ipv4' ? 32 : 128 },
    tunnelPort: inboundExcludedPorts.includes(15008) ? 15008 : null,
    uncapturedInterfaces: [],
    dnsCapture: dns.length > 0,
    dnsCaptured: dns.some((r) => !r.matches.some((m) => m.kind === 'destination'))
      ? 'all'
      : dns.flatMap((r) => r.matches.flatMap((m) => (m.kind === 'destination' && !m.negated ? [m.cidr] : []))),
    // The rules alone do not say which -x CIDRs precede the UDP redirects: only a configuration names them.
    dnsKeptOut: { tcp: returnsDns(returns, TCP), udp: returnsDns(returns, UDP) },
  };
}
