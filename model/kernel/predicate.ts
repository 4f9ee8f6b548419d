// Compiles a rule's matches into one JavaScript function, so evaluating a rule is a handful of inlined comparisons
// instead of a loop over a dispatch. The generated code only embeds numbers and JSON-encoded strings taken from the
// parsed ruleset; anything not worth inlining falls back to evaluateMatch() on the original match object.
import type { Match } from '../rules/index.ts';
import { evaluateMatch, type MatchResult, matchKind } from './match.ts';
import type { Packet } from './packet.ts';

export type RulePredicate = (p: Packet) => MatchResult;

/** A boolean expression for the match, or null when it must go through evaluateMatch (it may be UNKNOWN). */
const inline = (m: Match): string | null => matchKind(m).inline(m);

/**
 * The rule's matches as one boolean expression over `p`, when every match can be inlined (no match can be UNKNOWN);
 * the table programs of codegen.ts embed it directly. Null otherwise.
 */
export function predicateExpression(matches: readonly Match[]): string | null {
  const parts: { code: string; cost: number }[] = [];
  for (const m of matches) {
    const code = inline(m);
    if (code === null) return null;
    parts.push({ code, cost: matchKind(m).cost });
  }
  // Every part is a pure test of p, so their order cannot change the result: cheap comparisons go first.
  parts.sort((a, b) => a.cost - b.cost);
  return parts.length === 0 ? 'true' : parts.map((x) => x.code).join(' && ');
}

export function compilePredicate(matches: readonly Match[]): RulePredicate {
  const lines: string[] = [];
  matches.forEach((m, i) => {
    const code = inline(m);
    lines.push(code === null ? `{ const r = E(M[${i}], p); if (r !== 1) return r; }` : `if (!${code}) return 0;`);
  });
  lines.push('return 1;');
  // Safe: the code embeds only numbers and JSON-encoded names from the parsed ruleset (see the header).
  const factory = new Function('E', 'M', `return function rule(p) {\n${lines.join('\n')}\n};`);
  return factory(evaluateMatch, matches) as RulePredicate;
}
