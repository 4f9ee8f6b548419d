// Evaluates one match against a packet through its kind's module (model/kinds). Returns MATCH, NO_MATCH, or UNKNOWN
// (the match is not modelled: the traversal then stops as undetermined rather than guessing, unlike kube-proxy's
// test tracer which assumes a match).
import { type MatchResult, matchKind } from '../kinds/index.ts';
import type { Match, Packet } from '../ruleset/index.ts';

export { interfaceMatches, MATCH, type MatchResult, matchKind, NO_MATCH, UNKNOWN } from '../kinds/index.ts';

export function evaluateMatch(m: Match, p: Packet): MatchResult {
  return matchKind(m).evaluate(m, p);
}
