// Every match kind's module. The `satisfies` clause is the completeness check: a kind of the Match union with no
// entry here, or an entry missing a piece, is a compile error (test/kinds/registry.test.ts shows both).
import type { MatchKindRegistry } from '../match-kind.ts';
import { destination, source } from './address.ts';
import { conntrack } from './conntrack.ts';
import { inInterface, outInterface } from './interface.ts';
import { connmark, mark } from './marks.ts';
import { owner } from './owner.ts';
import { port } from './port.ts';
import { protocol } from './protocol.ts';
import { comment, unsupported } from './verbatim.ts';

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
