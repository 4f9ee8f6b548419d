// -m conntrack --ctstate / -m state --state (net/netfilter/xt_conntrack.c, xt_state.c).
import { notText } from '../../constants.ts';
import { bool, type MatchKindModule, negationEdit, UNKNOWN } from '../../match-kind.ts';
import { conntrackIptables } from './iptables.ts';

export const conntrack: MatchKindModule<'conntrack'> = {
  evaluate(m, p) {
    // SNAT/DNAT are "this connection has been NATed" pseudo-states; we do not track them per hook, so never guess.
    if (m.states.includes('SNAT') || m.states.includes('DNAT')) return UNKNOWN;
    return bool(m.states.includes(p.ctstate) !== m.negated);
  },
  // Never inlined: it can be UNKNOWN.
  inline: () => null,
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 5,
  explain: (m) => `its conntrack state is ${notText(m.negated)}${m.states.join(' or ')}`,
  constants: () => {},
  mutants: (m) => [negationEdit(m, 'conntrack')],
  // xt_conntrack.c conntrack_mt_check and xt_state.c state_mt_check: nf_ct_netns_get.
  conntrack: 'uses',
  iptables: conntrackIptables,
};
