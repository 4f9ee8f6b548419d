// Explains in words why a rule matched a packet: one phrase per match, from the rule's own data.
import { formatCidr } from '../net/index.ts';
import type { Match, Range, Rule } from './types.ts';

function range(r: Range): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

function ranges(rs: readonly Range[]): string {
  return rs.map(range).join(', ');
}

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 132: 'SCTP' };

export function describeMatch(m: Match): string {
  const not = (negated: boolean) => (negated ? 'not ' : '');
  switch (m.kind) {
    case 'source':
      return `its source is ${not(m.negated)}in ${formatCidr(m.cidr)}`;
    case 'destination':
      return `its destination is ${not(m.negated)}in ${formatCidr(m.cidr)}`;
    case 'in-interface':
      return `it ${m.negated ? 'does not arrive' : 'arrives'} on ${m.name}`;
    case 'out-interface':
      return `it ${m.negated ? 'does not leave' : 'leaves'} via ${m.name}`;
    case 'protocol':
      return m.protocol === 'all'
        ? `${m.negated ? 'no' : 'any'} protocol`
        : `it is ${not(m.negated)}${PROTOCOL_NAMES[m.protocol] ?? `protocol ${m.protocol}`}`;
    case 'port': {
      const which =
        m.direction === 'destination'
          ? 'destination port'
          : m.direction === 'source'
            ? 'source port'
            : 'source or destination port';
      return `its ${which} is ${not(m.negated)}${m.ranges.length > 1 ? 'one of ' : ''}${ranges(m.ranges)}`;
    }
    case 'owner': {
      const parts: string[] = [];
      if (m.uid) parts.push(`the socket's uid is ${not(m.uid.negated)}${range(m.uid.range)}`);
      if (m.gid) parts.push(`the socket's gid is ${not(m.gid.negated)}${range(m.gid.range)}`);
      if (m.socketExists) parts.push(m.socketExists.negated ? 'it has no local socket' : 'it has a local socket');
      return parts.join(' and ');
    }
    case 'mark':
      return `its mark is ${not(m.negated)}0x${m.value.toString(16)}/0x${m.mask.toString(16)}`;
    case 'connmark':
      return `its connection mark is ${not(m.negated)}0x${m.value.toString(16)}/0x${m.mask.toString(16)}`;
    case 'conntrack':
      return `its conntrack state is ${not(m.negated)}${m.states.join(' or ')}`;
    case 'comment':
      return `(comment: ${m.text})`;
    case 'unsupported':
      return `\`${m.text}\` (not modelled)`;
  }
}

/** "the socket's uid is 1337", "it leaves via lo and its destination is not in 127.0.0.1/32", or "it matches every packet". */
export function whyMatched(rule: Rule): string {
  const phrases = rule.matches.filter((m) => m.kind !== 'comment').map(describeMatch);
  if (phrases.length === 0) return 'it has no conditions, so every packet that reaches it matches';
  if (phrases.length === 1) return phrases[0]!;
  return `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}
