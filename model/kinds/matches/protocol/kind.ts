// -p: the packet's layer-4 protocol number; `all` (0) matches every protocol.
import { notText } from '../../constants.ts';
import { bool, type MatchKindModule, neg, negationEdit } from '../../match-kind.ts';
import { protocolIptables } from './iptables.ts';

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 132: 'SCTP' };

export const protocol: MatchKindModule<'protocol'> = {
  evaluate: (m, p) => bool((m.protocol === 'all' || m.protocol === p.protocol) !== m.negated),
  inline: (m) =>
    m.protocol === 'all' ? (m.negated ? 'false' : 'true') : neg(m.negated, `p.protocol === ${m.protocol}`),
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 1,
  explain: (m) =>
    m.protocol === 'all'
      ? `${m.negated ? 'no' : 'any'} protocol`
      : `it is ${notText(m.negated)}${PROTOCOL_NAMES[m.protocol] ?? `protocol ${m.protocol}`}`,
  constants: () => {},
  mutants: (m) => [negationEdit(m, 'protocol')],
  conntrack: 'does-not-use',
  iptables: protocolIptables,
};
