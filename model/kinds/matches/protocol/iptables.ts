// -p as iptables writes it: a protocol name or number, `all` for every protocol.
import { bang, parseUint } from '../../../syntax/index.ts';
import type { MatchKindIptables } from '../../match-kind.ts';

/** Protocol names iptables knows without /etc/protocols (xtables_chain_protos) plus common /etc/protocols ones. */
export const PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  dccp: 33,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  'ipv6-icmp': 58,
  sctp: 132,
  mh: 135,
  'ipv6-mh': 135,
  udplite: 136,
};

export const protocolIptables: MatchKindIptables<'protocol'> = {
  modules: {},
  generic(value, negated, _family, report) {
    // iptables lower-cases the protocol before looking it up (do_parse in iptables/xshared.c).
    const name = value.text.toLowerCase();
    const number = name === 'all' ? 0 : (PROTOCOLS[name] ?? parseUint(name, 255));
    if (number === undefined) {
      report('bad-value', value, `unknown protocol ${JSON.stringify(value.text)}`);
      return undefined;
    }
    return { kind: 'protocol', negated, protocol: number === 0 ? 'all' : number, name };
  },
  print: (m) => `${bang(m.negated)}-p ${m.name || String(m.protocol)}`,
};
