// -i / -o: the packet's input or output interface. A trailing "+" matches every name with that prefix
// (net/ipv4/netfilter/ip_tables.c ip_packet_match, ifname_compare_aligned with the mask iptables builds).
import { bool, type MatchKindModule, neg, negationEdit } from '../../match-kind.ts';
import { inInterfaceIptables, outInterfaceIptables } from './iptables.ts';

export function interfaceMatches(pattern: string, iface: string | null): boolean {
  const name = iface ?? '';
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

function ifaceCode(field: 'inIface' | 'outIface', name: string): string {
  return name.endsWith('+')
    ? `(p.${field} ?? '').startsWith(${JSON.stringify(name.slice(0, -1))})`
    : `p.${field} === ${JSON.stringify(name)}`;
}

export const inInterface: MatchKindModule<'in-interface'> = {
  evaluate: (m, p) => bool(interfaceMatches(m.name, p.inIface) !== m.negated),
  inline: (m) => neg(m.negated, ifaceCode('inIface', m.name)),
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 2,
  explain: (m) => `it ${m.negated ? 'does not arrive' : 'arrives'} on ${m.name}`,
  constants: () => {},
  mutants: (m) => [negationEdit(m, 'in-interface')],
  conntrack: 'does-not-use',
  iptables: inInterfaceIptables,
};

export const outInterface: MatchKindModule<'out-interface'> = {
  evaluate: (m, p) => bool(interfaceMatches(m.name, p.outIface) !== m.negated),
  inline: (m) => neg(m.negated, ifaceCode('outIface', m.name)),
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 1,
  explain: (m) => `it ${m.negated ? 'does not leave' : 'leaves'} via ${m.name}`,
  constants: () => {},
  mutants: (m) => [negationEdit(m, 'out-interface')],
  conntrack: 'does-not-use',
  iptables: outInterfaceIptables,
};
