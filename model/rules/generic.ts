// The options iptables itself parses (not a -m module): addresses, interfaces, protocol, and the words that open a
// match module or the target. iptables-save prints the first five first, in this order, whatever order they were
// written in (print_ip in iptables/iptables.c).
import type { Family } from '../net/index.ts';
import { cidrOf } from './addresses.ts';
import type { Token } from './lexer.ts';
import type { OptionDef } from './options.ts';
import type { Report } from './report.ts';
import type { Match } from './types.ts';
import { parseUint } from './values.ts';

export type GenericKind = 'source' | 'destination' | 'in-interface' | 'out-interface' | 'protocol';
export const GENERIC_ORDER: readonly GenericKind[] = [
  'source',
  'destination',
  'in-interface',
  'out-interface',
  'protocol',
];

export interface GenericDef extends OptionDef {
  readonly role: GenericKind | 'match' | 'jump' | 'goto' | 'counters' | 'fragment';
}

export const GENERIC_OPTIONS: readonly GenericDef[] = [
  { role: 'source', name: '-s', aliases: ['--source', '--src'], arity: 1, negatable: true },
  { role: 'destination', name: '-d', aliases: ['--destination', '--dst'], arity: 1, negatable: true },
  { role: 'in-interface', name: '-i', aliases: ['--in-interface'], arity: 1, negatable: true },
  { role: 'out-interface', name: '-o', aliases: ['--out-interface'], arity: 1, negatable: true },
  { role: 'protocol', name: '-p', aliases: ['--protocol'], arity: 1, negatable: true },
  { role: 'match', name: '-m', aliases: ['--match'], arity: 1 },
  { role: 'jump', name: '-j', aliases: ['--jump'], arity: 1 },
  { role: 'goto', name: '-g', aliases: ['--goto'], arity: 1 },
  { role: 'counters', name: '-c', aliases: ['--set-counters'], arity: 2 },
  { role: 'fragment', name: '-f', aliases: ['--fragment'], arity: 0, negatable: true },
];

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

/** IFNAMSIZ is 16 including the terminating NUL (xtables_parse_interface). */
const MAX_IFNAME = 15;

export function compileGeneric(
  kind: GenericKind,
  value: Token,
  negated: boolean,
  family: Family,
  report: Report,
): Match | undefined {
  switch (kind) {
    case 'source':
    case 'destination': {
      const cidr = cidrOf(value, value.text, family, report);
      return cidr && { kind, negated, cidr };
    }
    case 'in-interface':
    case 'out-interface': {
      if (value.text === '' || value.text.length > MAX_IFNAME) {
        report(
          'bad-value',
          value,
          `interface name ${JSON.stringify(value.text)} must be 1 to ${MAX_IFNAME} characters`,
        );
        return undefined;
      }
      return { kind, negated, name: value.text };
    }
    case 'protocol': {
      // iptables lower-cases the protocol before looking it up (do_parse in iptables/xshared.c).
      const name = value.text.toLowerCase();
      const number = name === 'all' ? 0 : (PROTOCOLS[name] ?? parseUint(name, 255));
      if (number === undefined) {
        report('bad-value', value, `unknown protocol ${JSON.stringify(value.text)}`);
        return undefined;
      }
      return { kind, negated, protocol: number === 0 ? 'all' : number, name };
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}
