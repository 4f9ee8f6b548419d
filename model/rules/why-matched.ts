// Explains in words why a rule matched a packet: one phrase per match, from the rule's own data.
import { matchKind } from '../kinds/index.ts';
import type { Match, Rule } from './types.ts';

/** One phrase per match, from its kind's module (model/kinds). */
export const describeMatch = (m: Match): string => matchKind(m).explain(m);

/** "the socket's uid is 1337", "it leaves via lo and its destination is not in 127.0.0.1/32", or "it matches every packet". */
export function whyMatched(rule: Rule): string {
  const phrases = rule.matches.filter((m) => m.kind !== 'comment').map(describeMatch);
  if (phrases.length === 0) return 'it has no conditions, so every packet that reaches it matches';
  if (phrases.length === 1) return phrases[0]!;
  return `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}
