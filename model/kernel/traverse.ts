// Walks one table's chain for one hook, as ipt_do_table does: rules in order, jumps push a frame, goto replaces the
// current chain, RETURN (or the end of a user chain) pops, a built-in chain's end applies its policy.
import type { BuiltinChainName } from '../rules/index.ts';
import { type CodegenHelpers, compileTableProgram, type TableProgram } from './codegen.ts';
import { CONTINUING_TARGETS, type CompiledChain, type CompiledTable } from './compile.ts';
import { NO_MATCH, UNKNOWN } from './match.ts';
import type { RuleHit } from './packet.ts';
import { applyMarks, applyTerminal, outputRedirectEffects, undeterminedAt } from './targets.ts';
import { ACCEPT, type HostView, type NatEffect, type TableOutcome, type WorkingPacket } from './traversal-types.ts';

export { applyEffect } from './targets.ts';
export type { ChainObserver, HostView, NatEffect, TableOutcome, WorkingPacket } from './traversal-types.ts';

const MAX_JUMP_DEPTH = 64;
const stackChains: CompiledChain[] = [];
const stackNext: number[] = [];
let depth = 0;

const HELPERS: CodegenHelpers = {
  outputRedirect: outputRedirectEffects,
  accept: ACCEPT,
  applyMarks: (rule, p) => applyMarks(rule, p),
  terminal: (rule, hook, p, host, effects) => applyTerminal(rule, hook, p, host, effects),
  undeterminedMatch: (rule) => undeterminedAt(rule),
  undeterminedTarget: (rule) => ({
    kind: 'undetermined',
    at: rule.hit,
    reason: `target ${rule.target.kind === 'unsupported' ? rule.target.name : rule.target.kind} is not modelled`,
  }),
  dropped: (rule) => ({
    kind: 'drop',
    reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} ${rule.target.kind === 'reject' ? 'REJECT' : 'DROP'}`,
  }),
  policy: (table, base) =>
    base.policy === 'DROP' ? { kind: 'drop', reason: `${table.name} ${base.name} policy DROP` } : ACCEPT,
};

function programFor(table: CompiledTable, hook: BuiltinChainName): TableProgram | null {
  let program = table.programs[hook] as TableProgram | null | undefined;
  if (program === undefined) {
    program = compileTableProgram(table, hook, HELPERS);
    table.programs[hook] = program;
  }
  return program;
}

/**
 * Walks the table for the hook. Runs the generated program for the table (codegen.ts) unless an observer wants to see
 * every chain entry, in which case the interpreter below runs; both record the same hits and effects.
 */
export function traverseTable(
  table: CompiledTable,
  hook: BuiltinChainName,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  if (host.observer === undefined) {
    const program = programFor(table, hook);
    if (program !== null) return program(p, host, hits, effects);
  }
  return interpretTable(table, hook, p, host, hits, effects);
}

/** The reference interpreter: ipt_do_table's loop with an explicit jump stack. */
export function interpretTable(
  table: CompiledTable,
  hook: BuiltinChainName,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  const base = table.chains.get(hook);
  if (!base) return ACCEPT;
  let chain = base;
  let i = 0;
  // The jump stack is module-level and reused: traversals never nest, and this is the hot path.
  const bottom = depth;
  const observe = host.observer;
  observe?.(base, p);
  for (;;) {
    const rule = chain.rules[i];
    let popped = false;
    if (rule === undefined) {
      // Falling off a user chain is an implicit RETURN (TRACE logs it as "return"); off the base chain, the policy.
      if (chain !== base) hits.push(chain.endHit);
      popped = true;
    } else {
      const result = rule.test(p);
      if (result === NO_MATCH) {
        i++;
        continue;
      }
      if (result === UNKNOWN) {
        depth = bottom;
        return undeterminedAt(rule);
      }
      hits.push(rule.hit);
      const t = rule.target;
      if (CONTINUING_TARGETS.has(t.kind)) {
        applyMarks(rule, p);
        i++;
        continue;
      }
      switch (t.kind) {
        case 'accept':
          depth = bottom;
          return ACCEPT;
        case 'drop':
          depth = bottom;
          return { kind: 'drop', reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} DROP` };
        case 'reject':
          depth = bottom;
          return { kind: 'drop', reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} REJECT` };
        case 'return':
          popped = true;
          break;
        case 'jump':
          if (depth - bottom >= MAX_JUMP_DEPTH) {
            depth = bottom;
            return { kind: 'undetermined', at: rule.hit, reason: `jump depth over ${MAX_JUMP_DEPTH}` };
          }
          stackChains[depth] = chain;
          stackNext[depth] = i + 1;
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
        case 'tproxy':
          depth = bottom;
          return applyTerminal(rule, hook, p, host, effects);
        case 'unsupported':
          depth = bottom;
          return { kind: 'undetermined', at: rule.hit, reason: `target ${t.name} is not modelled` };
        default:
          throw new Error(`unhandled target ${t.kind}`);
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
      return base.policy === 'DROP' ? { kind: 'drop', reason: `${table.name} ${base.name} policy DROP` } : ACCEPT;
    }
  }
}
