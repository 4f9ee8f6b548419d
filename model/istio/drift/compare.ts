// Compares generated rulesets with a dump, chain by chain: rules kept in order (the longest common subsequence of
// their iptables-save texts) are not drift; of the rest, a text found on both sides moved, a pair left at the same
// place between kept rules changed, and the others are missing or extra. Chain order, counters and empty built-in
// chains are not compared; a family absent from the dump is reported, not assumed empty.

import { type Chain, type Ruleset, ruleText, type TableName } from '../../rules/index.ts';
import type { TableFamily } from '../../ruleset/index.ts';
import type { Family } from '../addresses.ts';
import { lcsPairs } from './lcs.ts';
import type { ChainRef, Drift, DriftItem, RuleRef } from './types.ts';

interface Place {
  readonly table: TableName;
  readonly tableFamily: TableFamily;
  readonly chain: Chain;
}

function chainMap(rs: Ruleset | undefined): Map<string, Place> {
  const out = new Map<string, Place>();
  // iptables rulesets have iptables' fixed table names; native nft tables are told apart by family too.
  for (const t of rs?.tables ?? [])
    for (const c of t.chains)
      out.set(`${t.family} ${t.name}\u0000${c.name}`, { table: t.name as TableName, tableFamily: t.family, chain: c });
  return out;
}

/**
 * Rules are compared by their iptables-save text in either language (the nft forms of one rule, as a script writes it
 * and as nft lists it, convert to the same rule); native rules also carry their nft text for the reader.
 */
function refs(family: Family, place: Place, native: boolean): RuleRef[] {
  return place.chain.rules.map((r, i) => ({
    family,
    table: place.table,
    chain: place.chain.name,
    index: i + 1,
    text: ruleText(place.chain.name, r),
    ...(native ? { nft: { family: place.tableFamily, text: r.text ?? ruleText(place.chain.name, r) } } : {}),
  }));
}

export interface CompareOptions {
  /**
   * Both sides are native nftables rulesets (model/nft's conversion, one Ruleset per family): drift names tables and
   * rules in nft's words, and an inet table, which both families' rulesets hold, is compared once (with IPv4).
   */
  readonly native?: boolean;
}

export function compareRulesets(
  expected: readonly Ruleset[],
  actual: readonly Ruleset[],
  options: CompareOptions = {},
): Drift {
  const items: DriftItem[] = [];
  const compared: Family[] = [];
  const notInDump: Family[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const e = expected.find((r) => r.family === family);
    const a = actual.find((r) => r.family === family);
    if (!e && !a) continue;
    if (e && !a) {
      if (e.tables.some((t) => t.chains.some((c) => c.rules.length > 0))) notInDump.push(family);
      continue;
    }
    compared.push(family);
    items.push(...compareFamily(family, e, a, options.native === true));
  }
  return { items, compared, notInDump, ...(options.native ? { native: true } : {}) };
}

function compareFamily(
  family: Family,
  expected: Ruleset | undefined,
  actual: Ruleset | undefined,
  native: boolean,
): DriftItem[] {
  const items: DriftItem[] = [];
  const em = chainMap(expected);
  const am = chainMap(actual);
  for (const key of new Set([...em.keys(), ...am.keys()])) {
    const e = em.get(key);
    const a = am.get(key);
    const place = (e ?? a)!;
    // The IPv6 ruleset holds the same inet tables as the IPv4 one (model/nft/to-ruleset.ts): compared there already.
    if (native && family === 'ipv6' && place.tableFamily === 'inet') continue;
    const table = place.table;
    const name = place.chain.name;
    const ref: ChainRef = { family, table, chain: name, ...(native ? { nftFamily: place.tableFamily } : {}) };
    const builtin = (e ?? a)!.chain.policy !== null;
    if (builtin && e && a && e.chain.policy !== a.chain.policy) {
      items.push({ kind: 'policy', chain: ref, expected: e.chain.policy!, actual: a.chain.policy! });
    }
    if (!builtin && e && !a) items.push({ kind: 'missing-chain', chain: ref });
    if (!builtin && a && !e) items.push({ kind: 'extra-chain', chain: ref });
    items.push(...compareChain(e ? refs(family, e, native) : [], a ? refs(family, a, native) : []));
  }
  return items;
}

export function compareChain(expected: readonly RuleRef[], actual: readonly RuleRef[]): DriftItem[] {
  const pairs = lcsPairs(
    expected.map((r) => r.text),
    actual.map((r) => r.text),
  );
  const keptE = new Set(pairs.map(([i]) => i));
  const keptA = new Set(pairs.map(([, j]) => j));
  let restE = expected.filter((_, i) => !keptE.has(i));
  let restA = actual.filter((_, j) => !keptA.has(j));
  const items: DriftItem[] = [];
  for (const e of [...restE]) {
    const a = restA.find((x) => x.text === e.text);
    if (!a) continue;
    restE = restE.filter((x) => x !== e);
    restA = restA.filter((x) => x !== a);
    items.push({ kind: 'moved', expected: e, actual: a, crossed: crossed(e, a, pairs, expected) });
  }
  // Unmatched rules between the same two kept rules are a change of one rule into another.
  const gap = (index: number, kept: readonly number[]) => kept.filter((k) => k < index).length;
  const keptIndexesE = pairs.map(([i]) => i);
  const keptIndexesA = pairs.map(([, j]) => j);
  for (const e of [...restE]) {
    const g = gap(e.index - 1, keptIndexesE);
    const a = restA.find((x) => gap(x.index - 1, keptIndexesA) === g);
    if (!a) continue;
    restE = restE.filter((x) => x !== e);
    restA = restA.filter((x) => x !== a);
    items.push({ kind: 'changed', expected: e, actual: a });
  }
  for (const e of restE) items.push({ kind: 'missing', expected: e });
  for (const a of restA) items.push({ kind: 'extra', actual: a });
  return items.sort((x, y) => position(x) - position(y));
}

/** The kept rules whose order relative to the moved rule flipped. */
function crossed(e: RuleRef, a: RuleRef, pairs: readonly [number, number][], expected: readonly RuleRef[]): RuleRef[] {
  return pairs.filter(([i, j]) => i < e.index - 1 !== j < a.index - 1).map(([i]) => expected[i]!);
}

function position(item: DriftItem): number {
  switch (item.kind) {
    case 'missing':
      return item.expected.index;
    case 'extra':
      return item.actual.index;
    case 'changed':
    case 'moved':
      return item.expected.index;
    default:
      return 0;
  }
}
