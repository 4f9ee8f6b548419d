// Walks one base chain, as ipt_do_table (and nft_do_chain) does: rules in order, jumps push a frame, goto replaces the
// current chain, RETURN (or the end of a user chain) pops, the base chain's end applies its policy.
import type { Hook } from '../ruleset/index.ts';
import { type CodegenHelpers, compileChainProgram, type TableProgram } from './codegen.ts';
import { type CompiledChain, type CompiledTable, isContinuing, unreachableTarget } from './compile.ts';
import { NO_MATCH, UNKNOWN } from './match.ts';
import { type RuleHit, tableLabel } from './packet.ts';
import { firstInRun } from './runs.ts';
import { applyMarks, applyTerminal, constantEffects, NFT_BREAK, undeterminedAt } from './targets.ts';
import { ACCEPT, type HostView, type NatEffect, type TableOutcome, type WorkingPacket } from './traversal-types.ts';

export { applyEffect } from './targets.ts';
export type {
  ChainObserver,
  HostView,
  NatEffect,
  RuleObserver,
  TableOutcome,
  WorkingPacket,
} from './traversal-types.ts';

const MAX_JUMP_DEPTH = 64;
const stackChains: CompiledChain[] = [];
const stackNext: number[] = [];
let depth = 0;

const HELPERS: CodegenHelpers = {
  constantEffect: constantEffects,
  accept: ACCEPT,
  applyMarks: (rule, p) => applyMarks(rule, p),
  terminal: (rule, hook, p, host, effects) => applyTerminal(rule, hook, p, host, effects),
  nftBreak: NFT_BREAK,
  undeterminedMatch: (rule) => undeterminedAt(rule),
  undeterminedTarget: (rule) => ({
    kind: 'undetermined',
    at: rule.hit,
    reason: `target ${rule.target.kind === 'unsupported' ? rule.target.name : rule.target.kind} is not modelled`,
  }),
  dropped: (rule) => ({
    kind: 'drop',
    reason: dropReason(rule.hit, rule.index, rule.target.kind === 'reject' ? 'REJECT' : 'DROP'),
  }),
  policy: (base) => policyOutcome(base),
};

const dropReason = (hit: RuleHit, index: number, verdict: string) =>
  `${tableLabel(hit.table)} ${hit.chain} rule ${index} ${verdict}`;

const policyOutcome = (base: CompiledChain): TableOutcome =>
  base.policy === 'DROP' ? { kind: 'drop', reason: `${tableLabel(base.table)} ${base.name} policy DROP` } : ACCEPT;

function programFor(base: CompiledChain): TableProgram | null {
  let program = base.program as TableProgram | null | undefined;
  if (program === undefined) {
    program = compileChainProgram(base, HELPERS);
    base.program = program;
  }
  return program;
}

/**
 * Walks a base chain. Runs its generated program (codegen.ts) unless an observer wants to see every chain entry, in
 * which case the interpreter below runs; both record the same hits and effects.
 */
export function traverseChain(
  base: CompiledChain,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  if (host.observer === undefined && host.onRule === undefined) {
    const program = programFor(base);
    if (program !== null) return program(p, host, hits, effects);
  }
  return interpretChain(base, p, host, hits, effects);
}

/** An iptables table's built-in chain for the hook (named after it), or undefined when the table has none. */
export function builtinChain(table: CompiledTable, hook: Hook): CompiledChain | undefined {
  const chain = table.chains.get(hook);
  return chain?.base?.hook === hook ? chain : undefined;
}

/** traverseChain on an iptables table's built-in chain for the hook; ACCEPT when the table has none there. */
export function traverseTable(
  table: CompiledTable,
  hook: Hook,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  const base = builtinChain(table, hook);
  return base ? traverseChain(base, p, host, hits, effects) : ACCEPT;
}

/** interpretChain on an iptables table's built-in chain for the hook; ACCEPT when the table has none there. */
export function interpretTable(
  table: CompiledTable,
  hook: Hook,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  const base = builtinChain(table, hook);
  return base ? interpretChain(base, p, host, hits, effects) : ACCEPT;
}

/** The reference interpreter: ipt_do_table's loop with an explicit jump stack. */
export function interpretChain(
  base: CompiledChain,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  const hook = base.base?.hook;
  if (hook === undefined) throw new Error(`${base.name} is a user chain: only base chains are walked from a hook`);
  let chain = base;
  let i = 0;
  // The jump stack is module-level and reused: traversals never nest, and this is the hot path.
  const bottom = depth;
  const observe = host.observer;
  observe?.(base, p);
  const onRun = host.onRule === undefined ? undefined : host.onRun;
  for (;;) {
    let rule = chain.rules[i];
    let popped = false;
    if (rule === undefined) {
      // Falling off a user chain is an implicit RETURN (TRACE logs it as "return"); off the base chain, the policy.
      if (chain !== base) hits.push(chain.endHit);
      popped = true;
    } else {
      // Where the walk goes on after this rule when it continues or comes back from a jump.
      let after = i + 1;
      let run = onRun === undefined ? null : rule.run;
      if (run !== null && run.first === i) {
        // A run of same-target rules tested as one (runs.ts), for the packet-class analysis: the same rule matches
        // first as rule by rule, and a packet that comes back from a run's jump matches no other rule of the run.
        const found = firstInRun(run, chain.rules, p);
        if (found !== null) {
          onRun!(run, p, found, chain.rules);
          if (found < 0) {
            i = run.last + 1;
            continue;
          }
          rule = chain.rules[found]!;
          after = run.last + 1;
        } else run = null;
      } else run = null;
      if (run === null) {
        const result = rule.test(p);
        host.onRule?.(rule, p, result);
        if (result === NO_MATCH) {
          i++;
          continue;
        }
        if (result === UNKNOWN) {
          depth = bottom;
          return undeterminedAt(rule);
        }
      }
      hits.push(rule.hit);
      const t = rule.target;
      if (isContinuing(t)) {
        applyMarks(rule, p);
        i = after;
        continue;
      }
      switch (t.kind) {
        case 'accept':
          depth = bottom;
          return ACCEPT;
        case 'drop':
          depth = bottom;
          return { kind: 'drop', reason: dropReason(rule.hit, rule.index, 'DROP') };
        case 'reject':
          depth = bottom;
          return { kind: 'drop', reason: dropReason(rule.hit, rule.index, 'REJECT') };
        case 'return':
          popped = true;
          break;
        case 'jump':
          if (depth - bottom >= MAX_JUMP_DEPTH) {
            depth = bottom;
            return { kind: 'undetermined', at: rule.hit, reason: `jump depth over ${MAX_JUMP_DEPTH}` };
          }
          stackChains[depth] = chain;
          stackNext[depth] = after;
          depth++;
          chain = rule.targetChain!;
          i = 0;
          observe?.(chain, p);
          continue;
        case 'goto':
          chain = rule.targetChain!;
          i = 0;
          observe?.(chain, p);
          continue;
        case 'redirect':
        case 'dnat':
        case 'snat':
        case 'masquerade':
        case 'tproxy': {
          const outcome = applyTerminal(rule, hook, p, host, effects);
          if (outcome === NFT_BREAK) {
            hits.pop();
            i = after;
            continue;
          }
          depth = bottom;
          return outcome;
        }
        case 'unsupported':
          depth = bottom;
          return { kind: 'undetermined', at: rule.hit, reason: `target ${t.name} is not modelled` };
        default:
          return unreachableTarget(t);
      }
    }
    if (popped) {
      if (depth > bottom) {
        depth--;
        chain = stackChains[depth]!;
        i = stackNext[depth]!;
        continue;
      }
      // RETURN from (or the end of) the built-in chain: its policy decides.
      hits.push(base.endHit);
      return policyOutcome(base);
    }
  }
}
