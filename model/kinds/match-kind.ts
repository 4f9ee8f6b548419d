// What one match kind must provide for the kernel stage, so that everything about a kind sits in one module and the
// registry (matches/registry.ts) is checked by the compiler: a kind without a module, or a module without a piece,
// does not compile.
import type { Match, MatchKind, Packet } from '../ruleset/index.ts';

export const NO_MATCH = 0;
export const MATCH = 1;
/** The match is not modelled (or not for this packet): a traversal stops as undetermined rather than guessing. */
export const UNKNOWN = 2;
export type MatchResult = typeof NO_MATCH | typeof MATCH | typeof UNKNOWN;

export const bool = (b: boolean): MatchResult => (b ? MATCH : NO_MATCH);
export const neg = (negated: boolean, code: string): string => (negated ? `!(${code})` : `(${code})`);

export type MatchOf<K extends MatchKind> = Extract<Match, { kind: K }>;

export interface MatchKindModule<K extends MatchKind> {
  /** MATCH, NO_MATCH, or UNKNOWN when the model cannot tell for this packet. */
  readonly evaluate: (m: MatchOf<K>, p: Packet) => MatchResult;
  /**
   * A JavaScript boolean expression over `p` that is true exactly when evaluate gives MATCH, or null when the match
   * must go through evaluate (it can be UNKNOWN, or is not worth inlining). It may embed only numbers and
   * JSON-encoded strings taken from the match: rule data never becomes code.
   */
  readonly inline: (m: MatchOf<K>) => string | null;
  /** The relative cost of the inlined test; a rule's cheap tests run first. */
  readonly cost: number;
}

export type MatchKindRegistry = { readonly [K in MatchKind]: MatchKindModule<K> };
