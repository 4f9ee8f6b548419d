// Evaluates one match against a packet through its kind's module (model/kinds). Returns MATCH, NO_MATCH, or UNKNOWN
// (the match is not modelled: the traversal then stops as undetermined rather than guessing, unlike kube-proxy's
// test tracer which assumes a match).
import { MATCH_KINDS, type MatchKindModule, type MatchKindRegistry, type MatchResult } from '../kinds/index.ts';
import type { Match, MatchKind, Packet } from '../ruleset/index.ts';

export { interfaceMatches, MATCH, type MatchResult, NO_MATCH, UNKNOWN } from '../kinds/index.ts';

/** The module of a match's kind; the registry's type ties each kind to its own module. */
const REGISTRY: MatchKindRegistry = MATCH_KINDS;
export const matchKind = <K extends MatchKind>(m: { readonly kind: K }): MatchKindModule<K> => REGISTRY[m.kind];

export function evaluateMatch(m: Match, p: Packet): MatchResult {
  return matchKind(m).evaluate(m, p);
}
