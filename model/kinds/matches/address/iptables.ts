// -s / -d as iptables writes them: an address or a CIDR of the rule's family (iptables/xshared.c, the generic
// options), printed as iptables-save prints them (print_ip).
import { bang, cidrOf, formatInetCidr } from '../../../syntax/index.ts';
import type { GenericCompiler, MatchKindIptables, MatchOf } from '../../match-kind.ts';

function compileAddress<K extends 'source' | 'destination'>(kind: K): GenericCompiler<K> {
  return (value, negated, family, report) => {
    const cidr = cidrOf(value, value.text, family, report);
    return cidr && ({ kind, negated, cidr } as MatchOf<K>);
  };
}

export const sourceIptables: MatchKindIptables<'source'> = {
  modules: {},
  generic: compileAddress('source'),
  print: (m) => `${bang(m.negated)}-s ${formatInetCidr(m.cidr)}`,
};

export const destinationIptables: MatchKindIptables<'destination'> = {
  modules: {},
  generic: compileAddress('destination'),
  print: (m) => `${bang(m.negated)}-d ${formatInetCidr(m.cidr)}`,
};
