// Matches that decide nothing: a comment always matches; a match the model does not evaluate is UNKNOWN, so a
// traversal that reaches it is undetermined instead of guessing.
import { MATCH, type MatchKindModule, UNKNOWN } from '../../match-kind.ts';
import { commentIptables, unsupportedIptables } from './iptables.ts';

export const comment: MatchKindModule<'comment'> = {
  evaluate: () => MATCH,
  inline: () => 'true',
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 0,
  explain: (m) => `(comment: ${m.text})`,
  constants: () => {},
  mutants: () => [],
  iptables: commentIptables,
};

export const unsupported: MatchKindModule<'unsupported'> = {
  evaluate: () => UNKNOWN,
  inline: () => null,
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 5,
  explain: (m) => `\`${m.text}\` (not modelled)`,
  constants: () => {},
  mutants: () => [],
  iptables: unsupportedIptables,
};
