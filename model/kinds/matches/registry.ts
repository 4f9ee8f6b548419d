// Every match kind's module. The `satisfies` clause is the completeness check: a kind of the Match union with no
// entry here, or an entry missing a piece, is a compile error (test/kinds/registry.test.ts shows both).
import type { MatchKind } from '../../ruleset/index.ts';
import type { MatchKindModule, MatchKindRegistry } from '../match-kind.ts';
import { destination, source } from './address/kind.ts';
import { conntrack } from './conntrack/kind.ts';
import { inInterface, outInterface } from './interface/kind.ts';
import { connmark, mark } from './marks/kind.ts';
import { owner } from './owner/kind.ts';
import { port } from './port/kind.ts';
import { protocol } from './protocol/kind.ts';
import { comment, unsupported } from './verbatim/kind.ts';

export const MATCH_KINDS = {
  source,
  destination,
  'in-interface': inInterface,
  'out-interface': outInterface,
  protocol,
  port,
  owner,
  mark,
  connmark,
  conntrack,
  comment,
  unsupported,
} as const satisfies MatchKindRegistry;

/** The module of a match's kind; the registry's type ties each kind to its own module. */
const REGISTRY: MatchKindRegistry = MATCH_KINDS;
export const matchKind = <K extends MatchKind>(m: { readonly kind: K }): MatchKindModule<K> => REGISTRY[m.kind];
