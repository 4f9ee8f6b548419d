// tcp/udp --sport/--dport and multiport --sports/--dports/--ports (net/netfilter/xt_tcpudp.c, xt_multiport.c).
import { PROTO_TCP, PROTO_UDP, type Range } from '../../../ruleset/index.ts';
import { edges, notText, rangeText } from '../../constants.ts';
import {
  bool,
  type MatchEdit,
  type MatchKindModule,
  type MatchOf,
  NO_MATCH,
  neg,
  negationEdit,
} from '../../match-kind.ts';
import { rangeSpan, sameSideOf } from '../../region.ts';
import { portIptables } from './iptables.ts';

const rangeSpans = (ranges: readonly Range[]) => ranges.map(rangeSpan);

const PROTO_SCTP = 132;
const PROTO_DCCP = 33;
const PROTO_UDPLITE = 136;
// xt_multiport only accepts these protocols (multiport_mt_check); a rule with another -p never loads.
const MULTIPORT_PROTOCOLS = new Set([PROTO_TCP, PROTO_UDP, PROTO_SCTP, PROTO_DCCP, PROTO_UDPLITE]);

function inRanges(value: number, ranges: readonly Range[]): boolean {
  for (const r of ranges) if (value >= r.from && value <= r.to) return true;
  return false;
}

/** The module looks at ports only for its protocols; any other packet does not match. */
function protocolAccepted(m: MatchOf<'port'>, protocol: number): boolean {
  if (m.module === 'tcp') return protocol === PROTO_TCP;
  if (m.module === 'udp') return protocol === PROTO_UDP;
  return MULTIPORT_PROTOCOLS.has(protocol);
}

export const port: MatchKindModule<'port'> = {
  evaluate(m, p) {
    if (!protocolAccepted(m, p.protocol)) return NO_MATCH;
    const hit =
      m.direction === 'destination'
        ? inRanges(p.dport, m.ranges)
        : m.direction === 'source'
          ? inRanges(p.sport, m.ranges)
          : inRanges(p.sport, m.ranges) || inRanges(p.dport, m.ranges);
    return bool(hit !== m.negated);
  },
  inline(m) {
    if (m.module === 'multiport') return null;
    const proto = m.module === 'tcp' ? PROTO_TCP : PROTO_UDP;
    const field = m.direction === 'source' ? 'sport' : m.direction === 'destination' ? 'dport' : null;
    if (field === null) return null;
    const ranges = m.ranges.map((r) =>
      r.from === r.to ? `p.${field} === ${r.from}` : `(p.${field} >= ${r.from} && p.${field} <= ${r.to})`,
    );
    return `(p.protocol === ${proto} && ${neg(m.negated, ranges.join(' || '))})`;
  },
  region(m, p, symbolic) {
    // Only the destination port varies inside a class. A protocol the module rejects, or a source port that already
    // satisfies --ports, decides the match whatever the destination port is.
    if (!symbolic.has('dport') || m.direction === 'source' || !protocolAccepted(m, p.protocol)) return [];
    if (m.direction === 'either' && inRanges(p.sport, m.ranges)) return [];
    return [sameSideOf(m.ranges, 'dport', p.family, rangeSpans, inRanges(p.dport, m.ranges))];
  },
  cost: 3,
  explain(m) {
    const which =
      m.direction === 'destination'
        ? 'destination port'
        : m.direction === 'source'
          ? 'source port'
          : 'source or destination port';
    const ranges = m.ranges.map(rangeText).join(', ');
    return `its ${which} is ${notText(m.negated)}${m.ranges.length > 1 ? 'one of ' : ''}${ranges}`;
  },
  constants(m, sink) {
    for (const x of m.ranges) for (const p of edges(x)) sink.port(p);
  },
  mutants(m) {
    const edits: MatchEdit<'port'>[] = [negationEdit(m, 'ports')];
    const ranges = m.ranges.map((r, j) => (j === 0 ? { from: r.from + 1, to: Math.max(r.to, r.from + 1) } : r));
    if (ranges[0]!.from <= 65535) edits.push({ kind: 'port', what: 'first port +1', match: { ...m, ranges } });
    return edits;
  },
  // tcp, udp and multiport (xt_tcpudp.c, xt_multiport.c) take no conntrack reference: measured on Linux 6.18.
  conntrack: 'does-not-use',
  iptables: portIptables,
};
