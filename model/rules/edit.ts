// Small pure edits of a ruleset, for experiments (the kernel oracle's rule deletions) and the mutant generator.
import type { Chain, Ruleset, TableName } from './types.ts';

export function mapChain(rs: Ruleset, table: TableName, chain: string, f: (c: Chain) => Chain): Ruleset {
  let found = false;
  const tables = rs.tables.map((t) =>
    t.name !== table
      ? t
      : {
          ...t,
          chains: t.chains.map((c) => {
            if (c.name !== chain) return c;
            found = true;
            return f(c);
          }),
        },
  );
  if (!found) throw new Error(`no chain ${chain} in table ${table}`);
  return { ...rs, tables };
}

export function getChain(rs: Ruleset, table: TableName, chain: string): Chain | undefined {
  return rs.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain);
}

/** Deletes rules by their 1-based indices in the original chain. */
export function deleteRules(rs: Ruleset, table: TableName, chain: string, indices: readonly number[]): Ruleset {
  for (const i of indices) {
    const c = getChain(rs, table, chain);
    if (!c || i < 1 || i > c.rules.length) throw new Error(`no rule ${i} in ${table} ${chain}`);
  }
  return mapChain(rs, table, chain, (c) => ({ ...c, rules: c.rules.filter((_, i) => !indices.includes(i + 1)) }));
}
