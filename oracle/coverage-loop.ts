// A loop end to end: the model's trace ends in a `loop` disposition when a hop repeats an earlier one; the kernel
// shows it with the forwarding Envoy stand-in (a listener on 15001 that re-dials every original destination as
// 1337) until the harness's depth limit. Kernel hop k is compared with the model hop at the same point of the cycle.
import type { Disposition } from '../model/trace/index.ts';
import { compareHop, type HopComparison } from './compare.ts';
import type { CaseMeta, PreparedCase } from './coverage-case.ts';
import type { ObservedHop, Oracle } from './types.ts';

export interface LoopResult {
  readonly meta: CaseMeta;
  readonly disposition: Disposition;
  /** The client's hop, then every re-dial of the stand-in, each against its model hop. */
  readonly chain: readonly HopComparison[];
  /** How often a REDIRECT in ISTIO_REDIRECT was counted over the whole chain. */
  readonly redirects: number;
  readonly differences: readonly string[];
  readonly agree: boolean;
}

/** 1-based model hop for position j of an endless replay of a trace whose last hop repeats hop `earlier`. */
function modelHopAt(j: number, last: number, earlier: number): number {
  return j <= last ? j : earlier + ((j - earlier) % (last - earlier));
}

export async function runLoopCase(oracle: Oracle, c: PreparedCase, maxDepth: number): Promise<LoopResult> {
  if (!c.plan.ok) throw new Error(`loop case ${c.meta.id} cannot be replayed: ${c.plan.reason}`);
  const plan = c.plan.hops;
  const [first] = await oracle.replay([plan[0]!.replay]);
  const chain: ObservedHop[] = [first!, ...(first?.followOn ?? [])];
  const d = c.trace.disposition;
  const differences: string[] = [];
  const last = c.trace.hops.length;
  // The model names the repeated hop first in its cycle (model/pod/simulate.ts); without a loop, no repetition.
  const earlier = d.kind === 'loop' && d.cycle.length > 1 ? d.cycle[0]! : last;
  if (d.kind !== 'loop') differences.push(`disposition: model ${d.kind}; kernel re-dialled ${chain.length - 1} times`);
  const comparisons = chain.map((o, k) => {
    const j = earlier === last ? Math.min(k + 1, last) : modelHopAt(k + 1, last, earlier);
    return compareHop({ ...plan[j - 1]!, id: o.id }, o);
  });
  const stop = chain.at(-1)?.forwardStop;
  if (chain.length !== maxDepth + 1 || stop !== 'depth-limit') {
    differences.push(
      `loop: model ${d.kind}; kernel chain of ${chain.length} hops ending ${stop ?? 'without a forwarding stop'} ` +
        `(a loop runs into the depth limit ${maxDepth})`,
    );
  }
  const redirects = chain
    .flatMap((o) => o.hits)
    .filter((h) => h.chain === 'ISTIO_REDIRECT' && h.rule.includes('-j REDIRECT')).length;
  const agree = differences.length === 0 && comparisons.every((x) => x.agree);
  return { meta: c.meta, disposition: d, chain: comparisons, redirects, differences, agree };
}
