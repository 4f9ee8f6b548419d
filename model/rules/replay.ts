// Replays one body's statements, in order, on initially empty tables, as iptables-restore would: table blocks open
// with *table and end with COMMIT; the chain-level commands inside them are in chain-commands.ts.
import type { Family } from '../net/index.ts';
import type { Loc, OwnerNames, Report } from '../syntax/index.ts';
import { applyHeader, applyPolicy, applyRule, declareChain, type Scope } from './chain-commands.ts';
import type { Statement } from './syntax.ts';
import { newTable, type TableState } from './table-state.ts';
import { TABLE_NAMES, type TableName } from './types.ts';

/**
 * Replays a body. `implicit` is the table of an `iptables -S` listing, which has no `*table` header and no COMMIT.
 * Lines marked `-4`/`-6` for the other family are skipped, as the other family's restore would skip them.
 */
export function replayBody(
  statements: readonly Statement[],
  family: Family,
  implicit: TableName | undefined,
  report: Report,
  names?: OwnerNames,
): TableState[] {
  const tables: TableState[] = [];
  let current: TableState | undefined = implicit ? newTable(implicit) : undefined;
  if (current) tables.push(current);
  let headers = new Set<string>();
  let lastAt: Loc | undefined;
  let skipping = false;
  const missingCommit = (at: Loc) =>
    report('missing-commit', at, `table ${current!.name} is not ended by COMMIT (iptables-restore would not load it)`);
  for (const s of statements) {
    if (s.kind === 'comment' || s.kind === 'save-command') continue;
    if (s.kind === 'table') {
      if (current && !implicit) missingCommit({ line: s.at.line, column: s.at.column, length: s.at.length });
      const name = s.name.text;
      skipping = !(TABLE_NAMES as readonly string[]).includes(name);
      if (skipping)
        report('unknown-table', s.name, `unknown table ${JSON.stringify(name)} (raw, mangle, nat or filter)`);
      current = skipping ? undefined : newTable(name as TableName);
      if (current) tables.push(current);
      headers = new Set();
      lastAt = s.at;
      continue;
    }
    if (s.kind === 'commit') {
      if (!current && !skipping) report('unexpected-line', s.at, 'COMMIT without a table (expected *table before it)');
      current = undefined;
      skipping = false;
      continue;
    }
    if (s.kind !== 'chain-header' && s.only !== undefined && s.only !== family) continue;
    if (!current) {
      if (!skipping)
        report('rule-outside-table', s.at, 'this line is outside any table (start one with *nat, *filter...)');
      continue;
    }
    const scope: Scope = { table: current, family, report, headers, ...(names ? { names } : {}) };
    if (s.kind === 'chain-header') applyHeader(s, scope);
    else if (s.kind === 'new-chain') declareChain(s.chain, scope);
    else if (s.kind === 'policy') applyPolicy(s, scope);
    else applyRule(s, scope);
    lastAt = s.at;
  }
  if (current && !implicit && lastAt) {
    missingCommit({ line: lastAt.line, column: lastAt.column + lastAt.length, length: 1 });
  }
  return tables;
}
