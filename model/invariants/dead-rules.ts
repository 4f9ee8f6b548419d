// Dead rules: rules no connection of the domain reaches. For each, the earlier rules that decide every packet it
// would match (what shadows it), found by replaying the packets that entered its chain.

import {
  CONTINUING_TARGETS,
  type CompiledChain,
  type CompiledRule,
  evaluateMatch,
  MATCH,
  type Packet,
  type RuleHit,
  tableLabel,
} from '../kernel/index.ts';
import { whyMatched } from '../rules/index.ts';

export interface DeadRule {
  readonly table: string;
  readonly chain: string;
  readonly index: number;
  readonly rule: string;
  /** 1-based indices of the earlier rules in the same chain that decide every packet this rule would match. */
  readonly shadowedBy: readonly number[];
  /** One sentence. */
  readonly explanation: string;
}

/** What the domain run saw: every chain entry (with its packet) and every rule hit. */
export interface Reachability {
  readonly entries: Map<CompiledChain, Map<string, Packet>>;
  readonly hits: Set<RuleHit>;
}

export function newReachability(): Reachability {
  return { entries: new Map(), hits: new Set() };
}

/** An address as key text: its words, without the array join (observeEntry runs at every chain entry). */
function wordsKey(words: readonly number[]): string {
  let out = `${words[0]}`;
  for (let i = 1; i < words.length; i++) out += `.${words[i]}`;
  return out;
}

export function observeEntry(r: Reachability, chain: CompiledChain, p: Packet): void {
  let seen = r.entries.get(chain);
  if (!seen) {
    seen = new Map();
    r.entries.set(chain, seen);
  }
  const owner = p.owner === null ? 'undefined/undefined' : `${p.owner.uid}/${p.owner.gid}`;
  const key = `${p.protocol}|${wordsKey(p.src.words)}|${wordsKey(p.dst.words)}|${p.dport}|${p.inIface}|${p.outIface}|${owner}|${p.mark}|${p.ctstate}`;
  if (!seen.has(key)) seen.set(key, { ...p });
}

export function matchesAll(rule: CompiledRule, p: Packet): boolean {
  return rule.matches.every((m) => evaluateMatch(m, p) === MATCH);
}

/** Whether a matching rule ends the packet's walk through its chain (so later rules never see it). */
export function decides(rule: CompiledRule, p: Packet, depth = 0): boolean {
  const t = rule.target;
  if (CONTINUING_TARGETS.has(t.kind)) return false;
  switch (t.kind) {
    case 'unsupported':
      return false;
    case 'jump': {
      if (!rule.targetChain || depth > 16) return false;
      const decider = rule.targetChain.rules.find((r) => matchesAll(r, p) && decidesInside(r, p, depth + 1));
      return decider !== undefined && decider.target.kind !== 'return';
    }
    default:
      return true;
  }
}

function decidesInside(rule: CompiledRule, p: Packet, depth: number): boolean {
  return rule.target.kind === 'return' || decides(rule, p, depth);
}

function listRules(indices: readonly number[]): string {
  const names = indices.map((i) => `rule ${i}`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

const cannotEvaluate = (rule: CompiledRule) => rule.hasUnsupported || rule.target.kind === 'unsupported';

/**
 * Where the walks may go past a rule the model cannot evaluate (kube-proxy's `-m statistic`, say): a walk stops
 * there as undetermined, so the rules after it in its chain, and every chain they (or it) jump to, may be reached
 * although no walk reached them. For each such chain, the 1-based index from which its rules are unknown.
 */
function pastUndetermined(chains: readonly CompiledChain[], reach: Reachability): Map<CompiledChain, number> {
  const from = new Map<CompiledChain, number>();
  const mark = (chain: CompiledChain, index: number): boolean => {
    if ((from.get(chain) ?? Number.POSITIVE_INFINITY) <= index) return false;
    from.set(chain, index);
    return true;
  };
  for (const chain of chains) {
    const first = reach.entries.has(chain) ? chain.rules.find(cannotEvaluate) : undefined;
    if (first) mark(chain, first.index);
  }
  // A walk that stopped as undetermined might have gone on to a later hook (nat OUTPUT, then POSTROUTING): no base
  // chain is then known to be unreached.
  if (from.size > 0) for (const chain of chains) if (chain.base && !reach.entries.has(chain)) mark(chain, 1);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [chain, index] of [...from]) {
      for (const rule of chain.rules) {
        if (rule.index >= index && rule.targetChain && mark(rule.targetChain, 1)) changed = true;
      }
    }
    for (const chain of chains) {
      const first = from.has(chain) ? chain.rules.find(cannotEvaluate) : undefined;
      if (first && mark(chain, first.index)) changed = true;
    }
  }
  return from;
}

export function deadRules(chains: Iterable<CompiledChain>, reach: Reachability): DeadRule[] {
  const out: DeadRule[] = [];
  const all = [...chains];
  const unknownFrom = pastUndetermined(all, reach);
  const referenced = new Set(all.flatMap((c) => c.rules.flatMap((r) => (r.targetChain ? [r.targetChain] : []))));
  for (const chain of all) {
    // A chain no rule jumps to is reported once, with its rule count: a dump with a 2,000-rule chain that nothing uses
    // would otherwise list 2,000 dead rules saying the same thing.
    if (!chain.base && !referenced.has(chain) && !reach.entries.has(chain) && chain.rules.length > 0) {
      const first = chain.rules[0]!;
      const count = chain.rules.length;
      out.push({
        table: tableLabel(chain.table),
        chain: chain.name,
        index: first.index,
        rule: first.text,
        shadowedBy: [],
        explanation: `Chain ${chain.name} of ${tableLabel(chain.table)} is unreferenced: no rule jumps to it, so ${count === 1 ? 'its rule is' : `all ${count.toLocaleString('en-US')} of its rules (1 to ${count}) are`} dead.`,
      });
      continue;
    }
    const entries = [...(reach.entries.get(chain)?.values() ?? [])];
    for (const rule of chain.rules) {
      if (reach.hits.has(rule.hit)) continue;
      // A rule the model cannot evaluate stops traversals as undetermined, so it is never "hit"; that is not dead,
      // and neither is what a walk past it may reach.
      if (cannotEvaluate(rule) || rule.index >= (unknownFrom.get(chain) ?? Number.POSITIVE_INFINITY)) continue;
      const base = { table: tableLabel(chain.table), chain: chain.name, index: rule.index, rule: rule.text };
      const where = `Rule ${rule.index} of ${tableLabel(chain.table)} ${chain.name}`;
      if (entries.length === 0) {
        out.push({
          ...base,
          shadowedBy: [],
          explanation: `${where} is dead: no connection ever enters ${chain.name}.`,
        });
        continue;
      }
      const claimed = entries.filter((p) => matchesAll(rule, p));
      if (claimed.length === 0) {
        out.push({
          ...base,
          shadowedBy: [],
          explanation: `${where} is dead: no packet that reaches ${chain.name} satisfies it (${whyMatched(rule.rule)}).`,
        });
        continue;
      }
      const deciders = new Set<number>();
      for (const p of claimed) {
        const d = chain.rules.find((r) => r.index < rule.index && matchesAll(r, p) && decides(r, p));
        if (d) deciders.add(d.index);
      }
      const shadowedBy = [...deciders].sort((a, b) => a - b);
      // Packets reach it, yet no earlier rule decides them: their walks stopped as undetermined, so it is not dead.
      if (shadowedBy.length === 0) continue;
      out.push({
        ...base,
        shadowedBy,
        explanation: `${where} is dead: every packet it would match (${whyMatched(rule.rule)}) is decided earlier by ${listRules(shadowedBy)}.`,
      });
    }
  }
  return out;
}
