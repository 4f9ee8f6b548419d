// What one match kind must provide for the kernel stage, so that everything about a kind sits in one module and the
// registry (matches/registry.ts) is checked by the compiler: a kind without a module, or a module without a piece,
// does not compile.
import type { Addr, Family } from '../net/index.ts';
import type { Match, MatchKind, Packet } from '../ruleset/index.ts';
import type { MatchModule, Report, Token } from '../syntax/index.ts';
import type { ConntrackDeclaration } from './conntrack-use.ts';
import type { FieldRegion, SymbolicField } from './region.ts';

export const NO_MATCH = 0;
export const MATCH = 1;
/** The match is not modelled (or not for this packet): a traversal stops as undetermined rather than guessing. */
export const UNKNOWN = 2;
export type MatchResult = typeof NO_MATCH | typeof MATCH | typeof UNKNOWN;

export const bool = (b: boolean): MatchResult => (b ? MATCH : NO_MATCH);
export const neg = (negated: boolean, code: string): string => (negated ? `!(${code})` : `(${code})`);

export type MatchOf<K extends MatchKind> = Extract<Match, { kind: K }>;

/** The kinds iptables writes with its own options (`-s`, `-d`, `-i`, `-o`, `-p`) rather than a `-m` module. */
export type GenericKind = 'source' | 'destination' | 'in-interface' | 'out-interface' | 'protocol';

/** Compiles the value word of a generic option, reporting what iptables would refuse. */
export type GenericCompiler<K extends MatchKind> = (
  value: Token,
  negated: boolean,
  family: Family,
  report: Report,
) => MatchOf<K> | undefined;

/** How iptables writes a kind: the options that produce it and iptables-save's text for it. */
export interface MatchKindIptables<K extends MatchKind> {
  /** The `-m` modules whose options produce this kind, by the name `-m` gives them (tcp, udp, multiport, ...). */
  readonly modules: Readonly<Record<string, MatchModule>>;
  /** For the generic kinds, the compiler of their option's value; the others have none. */
  readonly generic: K extends GenericKind ? GenericCompiler<K> : null;
  /** iptables-save's text for the match (each module's `save` function in iptables/extensions). */
  readonly print: (m: MatchOf<K>) => string;
}

/** Where a kind puts the constants its matches mention: the values worth trying against the rules (ports, ids, addresses). */
export interface ConstantSink {
  port(n: number): void;
  uid(n: number): void;
  gid(n: number): void;
  addr(a: Addr): void;
}

/** The single-point changes a match allows (the mutation analysis adds rule-level ones: delete, swap, jump target). */
export type MatchMutationKind = 'negation' | 'uid' | 'gid' | 'port' | 'address';

export interface MatchEdit<K extends MatchKind> {
  readonly kind: MatchMutationKind;
  /** Readable and stable, e.g. "add ! on destination", "first port +1" (part of a mutant's id). */
  readonly what: string;
  readonly match: MatchOf<K>;
}

/** Adding or dropping the `!` of a match that has one. */
export function negationEdit<M extends { readonly negated: boolean }>(
  m: M,
  on: string,
): { kind: 'negation'; what: string; match: M } {
  return { kind: 'negation', what: `${m.negated ? 'drop' : 'add'} ! on ${on}`, match: { ...m, negated: !m.negated } };
}

export interface MatchKindModule<K extends MatchKind> {
  /** MATCH, NO_MATCH, or UNKNOWN when the model cannot tell for this packet. */
  readonly evaluate: (m: MatchOf<K>, p: Packet) => MatchResult;
  /**
   * A JavaScript boolean expression over `p` that is true exactly when evaluate gives MATCH, or null when the match
   * must go through evaluate (it can be UNKNOWN, or is not worth inlining). It may embed only numbers and
   * JSON-encoded strings taken from the match: rule data never becomes code.
   */
  readonly inline: (m: MatchOf<K>) => string | null;
  /**
   * How the match splits a set of packets (model/classes): constraints on the fields in `symbolic` such that every
   * packet that equals p on the other fields and satisfies all of them gets the same result from evaluate as p.
   * Empty when the result does not depend on a symbolic field. This is the piece that makes the class analysis a
   * proof: a kind that reads a symbolic field and does not constrain it here is unsound, which
   * test/kinds/region.test.ts checks kind by kind.
   */
  readonly region: (m: MatchOf<K>, p: Packet, symbolic: ReadonlySet<SymbolicField>) => readonly FieldRegion[];
  /** The relative cost of the inlined test; a rule's cheap tests run first. */
  readonly cost: number;
  /** What a packet must look like for the match to be true, as a phrase ("its destination port is 15001"). */
  readonly explain: (m: MatchOf<K>) => string;
  /** Tells `sink` the constants the match mentions, with the edges of its ranges (model/invariants/domain.ts). */
  readonly constants: (m: MatchOf<K>, sink: ConstantSink) => void;
  /** The match's single-point mutants, in a stable order (model/mutate/mutants.ts). */
  readonly mutants: (m: MatchOf<K>) => readonly MatchEdit<K>[];
  /** Whether a rule with this match switches conntrack on (its extension's checkentry takes nf_ct_netns_get). */
  readonly conntrack: ConntrackDeclaration<MatchOf<K>>;
  readonly iptables: MatchKindIptables<K>;
}

export type MatchKindRegistry = { readonly [K in MatchKind]: MatchKindModule<K> };
