// Dead rules: rules the model proves no packet reaches. For each, the earlier rules that decide every packet it
// would match (what shadows it), found by replaying the packets that entered its chain. A rule no walk reached but
// that some packet the model does not simulate might reach (past a rule it cannot evaluate, through a hook it never
// walks, as the RELATED first packet of a helper's connection) is never called dead: it is listed as "cannot tell",
// with why, so a reader does not delete a rule that matters.

import {
  CONTINUING_TARGETS,
  type CompiledChain,
  type CompiledRule,
  MATCH,
  type Packet,
  type RuleHit,
  shadowersInRun,
  tableLabel,
} from '../kernel/index.ts';
import { whyMatched } from '../rules/index.ts';
import { EntrySet } from './entry-set.ts';

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

/** A rule no walk reached that the model cannot prove unreachable, and why. */
export interface UndecidedRule {
  readonly table: string;
  readonly chain: string;
  readonly index: number;
  readonly rule: string;
  /** One sentence: what the model does not simulate that might reach it. */
  readonly why: string;
}

export interface LintResult {
  readonly dead: readonly DeadRule[];
  readonly cannotTell: readonly UndecidedRule[];
}

/** What the domain run saw: every chain entry (with its packet) and every rule hit. */
export interface Reachability {
  readonly entries: Map<CompiledChain, EntrySet>;
  readonly hits: Set<RuleHit>;
}

export function newReachability(): Reachability {
  return { entries: new Map(), hits: new Set() };
}

export function observeEntry(r: Reachability, chain: CompiledChain, p: Packet): void {
  // A chain without rules has nothing to judge, and its entries are never read: only whether it was entered is (the
  // set below), so the packets of the empty built-in chains every walk goes through (nat INPUT and POSTROUTING, a
  // filter table's) are not hashed and compared at each of their thousands of entries.
  if (chain.rules.length === 0) {
    if (!r.entries.has(chain)) r.entries.set(chain, new EntrySet());
    return;
  }
  let seen = r.entries.get(chain);
  if (!seen) {
    seen = new EntrySet();
    r.entries.set(chain, seen);
  }
  seen.add(p);
}

/** Whether every match of the rule is true of the packet: its compiled test (model/kernel/predicate.ts) says MATCH. */
export function matchesAll(rule: CompiledRule, p: Packet): boolean {
  return rule.test(p) === MATCH;
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

/** 2000 as "2,000", as toLocaleString('en-US') writes it, without loading the locale data (a cold call costs ms). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function listRules(indices: readonly number[]): string {
  const names = indices.map((i) => `rule ${i}`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

const cannotEvaluate = (rule: CompiledRule) => rule.hasUnsupported || rule.target.kind === 'unsupported';

/** Where a chain's rules become unknown: the 1-based index, and the rule the model cannot evaluate that causes it. */
interface Unknown {
  readonly index: number;
  readonly cause: { readonly chain: CompiledChain; readonly rule: CompiledRule };
}

/**
 * Where the walks may go past a rule the model cannot evaluate (kube-proxy's `-m statistic`, say): a walk stops
 * there as undetermined, so the rules after it in its chain, and every chain they (or it) jump to, may be reached
 * although no walk reached them. For each such chain, the 1-based index from which its rules are unknown.
 */
function pastUndetermined(chains: readonly CompiledChain[], reach: Reachability): Map<CompiledChain, Unknown> {
  const from = new Map<CompiledChain, Unknown>();
  const mark = (chain: CompiledChain, index: number, cause: Unknown['cause']): boolean => {
    if ((from.get(chain)?.index ?? Number.POSITIVE_INFINITY) <= index) return false;
    from.set(chain, { index, cause });
    return true;
  };
  for (const chain of chains) {
    const first = reach.entries.has(chain) ? chain.rules.find(cannotEvaluate) : undefined;
    if (first) mark(chain, first.index, { chain, rule: first });
  }
  // A walk that stopped as undetermined might have gone on to a later hook (nat OUTPUT, then POSTROUTING): no base
  // chain is then known to be unreached.
  const some = [...from.values()][0];
  if (some) for (const chain of chains) if (chain.base && !reach.entries.has(chain)) mark(chain, 1, some.cause);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [chain, { index, cause }] of [...from]) {
      for (const rule of chain.rules) {
        if (rule.index >= index && rule.targetChain && mark(rule.targetChain, 1, cause)) changed = true;
      }
    }
    for (const chain of chains) {
      const first = from.has(chain) ? chain.rules.find(cannotEvaluate) : undefined;
      if (first && mark(chain, first.index, { chain, rule: first })) changed = true;
    }
  }
  return from;
}

/** The hooks the pod's walks go through; a pod forwards nothing the model sends (FORWARD is never walked). */
const WALKED_HOOKS: ReadonlySet<string> = new Set(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);

/** The chains only a hook the model never walks can enter (FORWARD's base chains and what they jump to). */
function unwalked(chains: readonly CompiledChain[]): Set<CompiledChain> {
  const out = new Set<CompiledChain>();
  const todo = chains.filter((c) => c.base && !WALKED_HOOKS.has(c.base.hook));
  for (let c = todo.pop(); c; c = todo.pop()) {
    if (out.has(c)) continue;
    out.add(c);
    for (const r of c.rules) if (r.targetChain) todo.push(r.targetChain);
  }
  return out;
}

/** Whether the rule tests the source address of packets a process in the pod sends (which may bind any source). */
function boundSource(rule: CompiledRule, entries: readonly Packet[]): boolean {
  return rule.rule.matches.some((m) => m.kind === 'source') && entries.some((p) => p.owner !== null);
}

/**
 * Whether the rule would match a packet that entered its nat chain had that packet been RELATED: the nat table sees
 * the first packet of a connection a conntrack helper expects (FTP data, say) in state RELATED
 * (net/netfilter/nf_nat_core.c, nf_nat_inet_fn: IP_CT_RELATED falls through to IP_CT_NEW's table lookup), and the
 * model simulates no helper.
 */
function relatedFirstPacket(chain: CompiledChain, rule: CompiledRule, entries: readonly Packet[]): boolean {
  return chain.table.name === 'nat' && entries.some((p) => matchesAll(rule, { ...p, ctstate: 'RELATED' }));
}

export function deadRules(chains: Iterable<CompiledChain>, reach: Reachability): LintResult {
  const dead: DeadRule[] = [];
  const cannotTell: UndecidedRule[] = [];
  const all = [...chains];
  const unknownFrom = pastUndetermined(all, reach);
  const referenced = new Set(all.flatMap((c) => c.rules.flatMap((r) => (r.targetChain ? [r.targetChain] : []))));
  const forwarded = unwalked(all);
  for (const chain of all) {
    // A chain no rule jumps to is reported once, with its rule count: a dump with a 2,000-rule chain that nothing uses
    // would otherwise list 2,000 dead rules saying the same thing.
    if (!chain.base && !referenced.has(chain) && !reach.entries.has(chain) && chain.rules.length > 0) {
      const first = chain.rules[0]!;
      const count = chain.rules.length;
      dead.push({
        table: tableLabel(chain.table),
        chain: chain.name,
        index: first.index,
        rule: first.text,
        shadowedBy: [],
        explanation: `Chain ${chain.name} of ${tableLabel(chain.table)} is unreferenced: no rule jumps to it, so ${count === 1 ? 'its rule is' : `all ${thousands(count)} of its rules (1 to ${count}) are`} dead.`,
      });
      continue;
    }
    const entries = reach.entries.get(chain)?.packets ?? [];
    const unknown = unknownFrom.get(chain);
    for (const rule of chain.rules) {
      if (reach.hits.has(rule.hit)) continue;
      const base = { table: tableLabel(chain.table), chain: chain.name, index: rule.index, rule: rule.text };
      const where = `Rule ${rule.index} of ${tableLabel(chain.table)} ${chain.name}`;
      if (forwarded.has(chain) && entries.length === 0) {
        cannotTell.push({
          ...base,
          why: `only forwarded packets enter ${chain.name} (the FORWARD hook), and the model simulates none: a pod forwards only packets routed through it, with ip_forward on, which the rules do not show.`,
        });
        continue;
      }
      // A rule the model cannot evaluate stops traversals as undetermined, so it is never "hit"; that is not dead,
      // and neither is what a walk past it may reach.
      if (unknown && rule.index >= unknown.index) {
        const cause = unknown.cause;
        cannotTell.push({
          ...base,
          why:
            cause.rule === rule
              ? 'the model does not evaluate one of its matches or its target (see the warnings), so whether a packet matches it is unknown.'
              : `walks that could reach it stop at a rule the model cannot evaluate (${tableLabel(cause.chain.table)} ${cause.chain.name} rule ${cause.rule.index}: ${cause.rule.text}).`,
        });
        continue;
      }
      if (entries.length === 0) {
        dead.push({
          ...base,
          shadowedBy: [],
          explanation: `${where} is dead: no connection ever enters ${chain.name}.`,
        });
        continue;
      }
      if (cannotEvaluate(rule)) {
        cannotTell.push({
          ...base,
          why: 'the model does not evaluate one of its matches or its target (see the warnings).',
        });
        continue;
      }
      // In a run of same-target rules (model/kernel/runs.ts), a rule whose every value an earlier rule of the run
      // holds is matched first by none: those rules, which share its other matches and target, decide it.
      const inRun = rule.run === null ? null : shadowersInRun(rule.run, rule.index - 1, rule.rule);
      if (inRun !== null) {
        const by = inRun.map((k) => k + 1);
        dead.push({
          ...base,
          shadowedBy: by,
          explanation: `${where} is dead: every packet it would match (${whyMatched(rule.rule)}) is decided earlier by ${listRules(by)}.`,
        });
        continue;
      }
      const claimed = entries.filter((p) => matchesAll(rule, p));
      if (claimed.length === 0) {
        if (boundSource(rule, entries)) {
          cannotTell.push({
            ...base,
            why: "no simulated packet matches it, but it tests the source address of packets the pod's processes send, and a process may bind any of the pod's addresses as its source (the model varies the bound source over none and 127.0.0.6 only).",
          });
          continue;
        }
        if (relatedFirstPacket(chain, rule, entries)) {
          cannotTell.push({
            ...base,
            why: `no simulated packet matches it, but the nat table also sees the RELATED first packet of a connection a conntrack helper expects (FTP data, say), which the model does not simulate.`,
          });
          continue;
        }
        dead.push({
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
      if (shadowedBy.length === 0) {
        // Packets reach it, yet no earlier rule decides them: their walks stopped as undetermined.
        cannotTell.push({
          ...base,
          why: 'packets reach it, but their walks stop as undetermined before it, so whether it matches them is unknown.',
        });
        continue;
      }
      dead.push({
        ...base,
        shadowedBy,
        explanation: `${where} is dead: every packet it would match (${whyMatched(rule.rule)}) is decided earlier by ${listRules(shadowedBy)}.`,
      });
    }
  }
  return { dead, cannotTell };
}
