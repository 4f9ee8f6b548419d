// Trees without what differs between two readings of the same ruleset: source positions always; handles and
// counter values on request (a listing has them, a script does not).
import type { NftRuleset, NftStatement } from './types.ts';

export interface StripOptions {
  readonly handles?: boolean;
  readonly counters?: boolean;
}

const NOWHERE = { line: 0, column: 0, length: 0 };

function stripStatement(s: NftStatement, options: StripOptions): NftStatement {
  if (s.kind === 'counter' && options.counters) return { kind: 'counter', at: NOWHERE };
  return { ...s, at: NOWHERE };
}

/** Positions become line 0; with the options, handles and counter values are removed too. */
export function stripNft(ruleset: NftRuleset, options: StripOptions = {}): NftRuleset {
  const h = <T extends { handle?: number }>(o: T): T => {
    if (!options.handles) return o;
    const { handle: _, ...rest } = o;
    return rest as T;
  };
  return {
    tables: ruleset.tables.map((t) =>
      h({
        ...t,
        at: NOWHERE,
        sets: t.sets.map((s) => h({ ...s, at: NOWHERE })),
        unsupported: t.unsupported.map((u) => ({ ...u, at: NOWHERE })),
        chains: t.chains.map((c) =>
          h({
            ...c,
            at: NOWHERE,
            rules: c.rules.map((r) =>
              h({ ...r, at: NOWHERE, statements: r.statements.map((s) => stripStatement(s, options)) }),
            ),
          }),
        ),
      }),
    ),
  };
}
