// -p: the packet's layer-4 protocol number; `all` (0) matches every protocol.
import { bool, type MatchKindModule, neg } from '../../match-kind.ts';
import { protocolIptables } from './iptables.ts';

export const protocol: MatchKindModule<'protocol'> = {
  evaluate: (m, p) => bool((m.protocol === 'all' || m.protocol === p.protocol) !== m.negated),
  inline: (m) =>
    m.protocol === 'all' ? (m.negated ? 'false' : 'true') : neg(m.negated, `p.protocol === ${m.protocol}`),
  cost: 1,
  iptables: protocolIptables,
};
