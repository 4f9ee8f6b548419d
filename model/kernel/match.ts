// Evaluates one match against a packet. Returns MATCH, NO_MATCH, or UNKNOWN (the match is not modelled: the
// traversal then stops as undetermined rather than guessing, unlike kube-proxy's test tracer which assumes a match).
import { cidrContains } from '../net/index.ts';
import type { Match, OwnerCriterion, Range } from '../rules/index.ts';
import { type Packet, PROTO_TCP, PROTO_UDP } from './packet.ts';

export const NO_MATCH = 0;
export const MATCH = 1;
export const UNKNOWN = 2;
export type MatchResult = typeof NO_MATCH | typeof MATCH | typeof UNKNOWN;

const PROTO_SCTP = 132;
const PROTO_DCCP = 33;
const PROTO_UDPLITE = 136;
// xt_multiport only accepts these protocols (multiport_mt_check); a rule with another -p never loads.
const MULTIPORT_PROTOCOLS = new Set([PROTO_TCP, PROTO_UDP, PROTO_SCTP, PROTO_DCCP, PROTO_UDPLITE]);

const bool = (b: boolean): MatchResult => (b ? MATCH : NO_MATCH);

function inRanges(value: number, ranges: readonly Range[]): boolean {
  for (const r of ranges) if (value >= r.from && value <= r.to) return true;
  return false;
}

/** iptables interface names: a trailing "+" matches every name with that prefix (xt_physdev / ip_tables ifname_compare). */
export function interfaceMatches(pattern: string, iface: string | null): boolean {
  const name = iface ?? '';
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

function portMatches(m: Extract<Match, { kind: 'port' }>, p: Packet): MatchResult {
  if (m.module === 'tcp' && p.protocol !== PROTO_TCP) return NO_MATCH;
  if (m.module === 'udp' && p.protocol !== PROTO_UDP) return NO_MATCH;
  if (m.module === 'multiport' && !MULTIPORT_PROTOCOLS.has(p.protocol)) return NO_MATCH;
  const hit =
    m.direction === 'destination'
      ? inRanges(p.dport, m.ranges)
      : m.direction === 'source'
        ? inRanges(p.sport, m.ranges)
        : inRanges(p.sport, m.ranges) || inRanges(p.dport, m.ranges);
  return bool(hit !== m.negated);
}

function idMatches(c: OwnerCriterion, id: number): boolean {
  return (id >= c.range.from && id <= c.range.to) !== c.negated;
}

/**
 * net/netfilter/xt_owner.c owner_mt(): without a full socket, the match is true only when every criterion given is
 * negated ((info->match ^ info->invert) == 0). So `! --uid-owner 1337` matches a socketless packet and
 * `--uid-owner 1337` does not. (iptables-nft's native `meta skuid != 1337` does NOT match without a socket; we model
 * the xt_owner behaviour, which is what iptables-legacy and the xt compat path do.)
 */
function ownerMatches(m: Extract<Match, { kind: 'owner' }>, p: Packet): MatchResult {
  const criteria = [m.uid, m.gid, m.socketExists].filter((c) => c !== undefined);
  if (p.owner === null) return bool(criteria.every((c) => c.negated));
  if (m.socketExists?.negated) return NO_MATCH;
  if (m.uid && !idMatches(m.uid, p.owner.uid)) return NO_MATCH;
  if (m.gid) {
    let inGroup = p.owner.gid >= m.gid.range.from && p.owner.gid <= m.gid.range.to;
    if (!inGroup && m.supplGroups) {
      inGroup = (p.owner.groups ?? []).some((g) => g >= m.gid!.range.from && g <= m.gid!.range.to);
    }
    if (inGroup === m.gid.negated) return NO_MATCH;
  }
  return MATCH;
}

export function evaluateMatch(m: Match, p: Packet): MatchResult {
  switch (m.kind) {
    case 'source':
      return bool(cidrContains(m.cidr, p.src) !== m.negated);
    case 'destination':
      return bool(cidrContains(m.cidr, p.dst) !== m.negated);
    case 'in-interface':
      return bool(interfaceMatches(m.name, p.inIface) !== m.negated);
    case 'out-interface':
      return bool(interfaceMatches(m.name, p.outIface) !== m.negated);
    case 'protocol':
      return bool((m.protocol === 'all' || m.protocol === p.protocol) !== m.negated);
    case 'port':
      return portMatches(m, p);
    case 'owner':
      return ownerMatches(m, p);
    case 'mark':
      return bool(((p.mark & m.mask) >>> 0 === m.value >>> 0) !== m.negated);
    case 'connmark':
      // xt_connmark.c connmark_mt: "if (ct == NULL) return false", whatever the negation (nft's ct mark likewise).
      if (p.ctstate === 'INVALID' || p.ctstate === 'UNTRACKED') return NO_MATCH;
      return bool(((p.ctmark & m.mask) >>> 0 === m.value >>> 0) !== m.negated);
    case 'conntrack':
      // SNAT/DNAT are "this connection has been NATed" pseudo-states; we do not track them per hook, so never guess.
      if (m.states.includes('SNAT') || m.states.includes('DNAT')) return UNKNOWN;
      return bool(m.states.includes(p.ctstate) !== m.negated);
    case 'comment':
      return MATCH;
    case 'unsupported':
      return UNKNOWN;
    default: {
      const never: never = m;
      throw new Error(`unhandled match ${JSON.stringify(never)}`);
    }
  }
}
