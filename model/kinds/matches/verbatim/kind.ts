// Matches that decide nothing: a comment always matches; a match the model does not evaluate is UNKNOWN, so a
// traversal that reaches it is undetermined instead of guessing.
import { MATCH, type MatchKindModule, UNKNOWN } from '../../match-kind.ts';
import { commentIptables, unsupportedIptables } from './iptables.ts';

export const comment: MatchKindModule<'comment'> = {
  evaluate: () => MATCH,
  inline: () => 'true',
  cost: 0,
  explain: (m) => `(comment: ${m.text})`,
  constants: () => {},
  mutants: () => [],
  iptables: commentIptables,
};

export const unsupported: MatchKindModule<'unsupported'> = {
  evaluate: () => UNKNOWN,
  inline: () => null,
  cost: 5,
  explain: (m) => `\`${m.text}\` (not modelled)`,
  constants: () => {},
  mutants: () => [],
  iptables: unsupportedIptables,
};
