// The jump graph of one table: which built-in chains (hooks) reach each chain through -j/-g, and jump cycles.
// This is the kernel's mark_source_chains (net/ipv4/netfilter/ip_tables.c), which computes every rule's hook mask
// for xt_check_match/xt_check_target and refuses a ruleset with a loop.
import type { Loc, Report } from '../syntax/index.ts';
import type { CompiledRule } from './rule-compile.ts';
import type { BuiltinChainName } from './types.ts';

/** Just what the graph needs: chains by name, each with its rules (broken rules are skipped). */
export interface ChainsView {
  readonly chains: ReadonlyMap<string, { readonly builtin: boolean; readonly rules: readonly CompiledRule[] }>;
}

interface Edge {
  readonly to: string;
  readonly at: Loc | undefined;
}

function edges(view: ChainsView): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  for (const [name, chain] of view.chains) {
    const out: Edge[] = [];
    for (const { rule, ok, targetAt } of chain.rules) {
      const t = rule.target;
      if (ok && (t.kind === 'jump' || t.kind === 'goto') && view.chains.has(t.chain))
        out.push({ to: t.chain, at: targetAt });
    }
    graph.set(name, out);
  }
  return graph;
}

/** For each chain, the built-in chains it can be reached from; a chain reached from none is absent. */
export function reachingHooks(view: ChainsView): Map<string, Set<BuiltinChainName>> {
  const graph = edges(view);
  const hooks = new Map<string, Set<BuiltinChainName>>();
  for (const [name, chain] of view.chains) {
    if (!chain.builtin) continue;
    const hook = name as BuiltinChainName;
    const queue = [name];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i]!;
      if (!hooks.has(at)) hooks.set(at, new Set());
      hooks.get(at)!.add(hook);
      for (const edge of graph.get(at) ?? []) {
        if (!seen.has(edge.to)) {
          seen.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
  }
  return hooks;
}

/** Reports each jump that closes a loop (iterative depth-first search, so deep chains cannot overflow the stack). */
export function reportCycles(view: ChainsView, report: Report): void {
  const graph = edges(view);
  const state = new Map<string, 'open' | 'done'>();
  for (const start of view.chains.keys()) {
    if (state.has(start)) continue;
    const path = [start];
    const cursor = [0];
    state.set(start, 'open');
    while (path.length > 0) {
      const chain = path.at(-1)!;
      const out = graph.get(chain)!;
      const k = cursor.at(-1)!;
      if (k >= out.length) {
        state.set(chain, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = k + 1;
      const edge = out[k]!;
      const seen = state.get(edge.to);
      if (seen === 'open') {
        const loop = [...path.slice(path.indexOf(edge.to)), edge.to].join(' -> ');
        report('chain-cycle', edge.at ?? { line: 1, column: 1, length: 1 }, `this jump closes a loop: ${loop}`);
      } else if (seen === undefined) {
        state.set(edge.to, 'open');
        path.push(edge.to);
        cursor.push(0);
      }
    }
  }
}
