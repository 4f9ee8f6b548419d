// Rule numbers are positions, so deleting, adding or rewriting a rule renumbers the ones after it. Wherever a page
// shows numbers from another ruleset than the one the reader has in mind (a mutant, another Istio version), this
// says which rule is which. Rules are matched by their iptables-save text, in order (a longest common subsequence),
// so a rule that moved keeps its identity and a rule whose text changed shows as changed.
import type { PhrasingContent } from 'mdast';
import { type Ruleset, ruleText, type TableName } from '../../model/rules/index.ts';
import { inlineCode } from '../mdast.ts';

export interface ChainRenumbering {
  readonly table: TableName;
  readonly chain: string;
  /** Same text, other number: `from` in the first ruleset, `to` in the second. */
  readonly moved: readonly { readonly from: number; readonly to: number }[];
  /** Same number, other text. */
  readonly changed: readonly { readonly index: number; readonly before: string; readonly after: string }[];
  /** Only in the first ruleset (by its number), or only in the second (by its number). */
  readonly removed: readonly { readonly index: number; readonly rule: string }[];
  readonly added: readonly { readonly index: number; readonly rule: string }[];
}

/** Pairs of 0-based indices of equal items, in order, as many as possible. */
function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  const len = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function chainTexts(rs: Ruleset, table: TableName, chain: string): string[] {
  const c = rs.tables.find((t) => t.name === table)?.chains.find((x) => x.name === chain);
  // Without the `-A CHAIN ` prefix: it is the same on both sides and only lengthens the sentences.
  return (c?.rules ?? []).map((r) => ruleText(chain, r).slice(`-A ${chain} `.length));
}

/** How `chain`'s numbering in `after` differs from `before`; null when every rule keeps its number and text. */
export function renumbering(before: Ruleset, after: Ruleset, table: TableName, chain: string): ChainRenumbering | null {
  const a = chainTexts(before, table, chain);
  const b = chainTexts(after, table, chain);
  const pairs = commonSubsequence(a, b);
  const keptA = new Set(pairs.map(([i]) => i));
  const keptB = new Set(pairs.map(([, j]) => j));
  const goneA = a.flatMap((rule, i) => (keptA.has(i) ? [] : [{ index: i + 1, rule }]));
  const newB = b.flatMap((rule, j) => (keptB.has(j) ? [] : [{ index: j + 1, rule }]));
  const changed = goneA.flatMap((g) => {
    const n = newB.find((x) => x.index === g.index);
    return n ? [{ index: g.index, before: g.rule, after: n.rule }] : [];
  });
  const changedAt = new Set(changed.map((c) => c.index));
  const result: ChainRenumbering = {
    table,
    chain,
    moved: pairs.filter(([i, j]) => i !== j).map(([i, j]) => ({ from: i + 1, to: j + 1 })),
    changed,
    removed: goneA.filter((g) => !changedAt.has(g.index)),
    added: newB.filter((n) => !changedAt.has(n.index)),
  };
  const same = result.moved.length + changed.length + result.removed.length + result.added.length === 0;
  return same ? null : result;
}

function numbers(ns: readonly number[]): string {
  if (ns.length <= 1) return ns.join('');
  return `${ns.slice(0, -1).join(', ')} and ${ns[ns.length - 1]}`;
}

/**
 * The renumbering in words, naming both rulesets, as inline content for a paragraph: "In istio-1.25, nat
 * ISTIO_INBOUND: rules 3, 4, 5 and 6 of istio-1.10 are rules 2, 3, 4 and 5; rule 2 of istio-1.10 (`-p tcp --dport
 * 22 -j RETURN`) is not there."
 */
export function describeRenumbering(
  r: ChainRenumbering,
  beforeName: string,
  afterName: string,
): (string | PhrasingContent)[] {
  const parts: (string | PhrasingContent)[][] = [];
  if (r.moved.length > 0) {
    const one = r.moved.length === 1;
    const from = numbers(r.moved.map((m) => m.from));
    const to = numbers(r.moved.map((m) => m.to));
    parts.push([`${one ? 'rule' : 'rules'} ${from} of ${beforeName} ${one ? 'is rule' : 'are rules'} ${to}`]);
  }
  for (const c of r.changed) {
    parts.push([`rule ${c.index} reads `, inlineCode(c.after), ` where ${beforeName} has `, inlineCode(c.before)]);
  }
  for (const g of r.removed) parts.push([`rule ${g.index} of ${beforeName} (`, inlineCode(g.rule), ') is not there']);
  for (const n of r.added) parts.push([`rule ${n.index} (`, inlineCode(n.rule), `) is not in ${beforeName}`]);
  return [`In ${afterName}, ${r.table} ${r.chain}: `, ...parts.flatMap((p, i) => (i === 0 ? p : ['; ', ...p])), '.'];
}

/** Only the rules that kept their text but changed number, in words; null when none moved. */
export function describeMoves(r: ChainRenumbering, beforeName: string, afterName: string): string | null {
  if (r.moved.length === 0) return null;
  const one = r.moved.length === 1;
  const from = numbers(r.moved.map((m) => m.from));
  const to = numbers(r.moved.map((m) => m.to));
  return `${r.table} ${r.chain}: ${one ? 'rule' : 'rules'} ${from} of ${beforeName} ${one ? 'is rule' : 'are rules'} ${to} in ${afterName}`;
}
