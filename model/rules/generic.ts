// The options iptables itself parses (not a -m module): addresses, interfaces, protocol, and the words that open a
// match module or the target. iptables-save prints the first five first, in this order, whatever order they were
// written in (print_ip in iptables/iptables.c).
import { type GenericKind, matchKind } from '../kinds/index.ts';
import type { Family } from '../net/index.ts';
import type { OptionDef, Report, Token } from '../syntax/index.ts';
import type { Match } from './types.ts';

export type { GenericKind } from '../kinds/index.ts';
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

/** The match a generic option's value compiles to, by its kind's own iptables part (model/kinds). */
export function compileGeneric(
  kind: GenericKind,
  value: Token,
  negated: boolean,
  family: Family,
  report: Report,
): Match | undefined {
  return matchKind({ kind }).iptables.generic(value, negated, family, report);
}
