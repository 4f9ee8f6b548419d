// The packet classes of a check, each asked every active invariant as it is found. A class keeps its box, its
// representative and one answer per invariant instead of its trace: the traces of thousands of classes kept alive
// until the candidates were sorted made most of a check's garbage-collection time. The trace stays only with a class
// that some in-scope invariant does not hold on, whose counterexample the check may show. check() is a pure function
// of the trace and the connection, so asking it as the class is found gives the answer asking it later would.
import {
  addressVariants,
  type Box,
  CLASS_FIELDS,
  normaliseSet,
  type PacketClass,
  type PortQuestions,
  partitionEach,
  portVariants,
  simplestFirst,
  worldCells,
} from '../classes/index.ts';
import type { ChainObserver } from '../kernel/index.ts';
import { cidrBounds } from '../net/index.ts';
import type { Connection } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import type { Reachability } from './dead-rules.ts';
import type { CheckBasis, Invariant, InvariantContext } from './types.ts';

/** What a class's representative answered to the i-th active invariant. */
export const OUT_OF_SCOPE = 0;
export const HOLDS = 1;
export const FAILS = 2;

export interface CheckedClass {
  readonly box: Box;
  readonly representative: Connection;
  /** One answer per active invariant, in the order of the active list. */
  readonly answers: Uint8Array;
  /** The representative's trace, kept only when an answer is FAILS (it fails or cannot be decided there). */
  readonly trace: Trace | null;
}

export interface ClassCandidate {
  readonly connection: Connection;
  /** The class it belongs to: as its representative, or as another port or address of it (classes/variants.ts). */
  readonly of: CheckedClass;
  readonly representative: boolean;
}

function answer(k: PacketClass, active: readonly Invariant[], ctx: InvariantContext): CheckedClass {
  const answers = new Uint8Array(active.length);
  let failing = false;
  for (let i = 0; i < active.length; i++) {
    const inv = active[i]!;
    if (!inv.inScope(k.representative, ctx)) continue;
    const ok = inv.check(k.trace, k.representative, ctx).ok === true;
    answers[i] = ok ? HOLDS : FAILS;
    failing ||= !ok;
  }
  return { box: k.box, representative: k.representative, answers, trace: failing ? k.trace : null };
}

/**
 * The classes' candidates, simplest first: each representative, and the other ports and addresses of its class that
 * the invariants' scopes name. `reach` (the lint's) collects every rule hit of the representatives.
 */
export function classCandidates(
  ctx: InvariantContext,
  active: readonly Invariant[],
  named: PortQuestions,
  reach: Reachability | null,
  observer: ChainObserver | undefined,
): { basis: CheckBasis; candidates: ClassCandidate[] } {
  const { world, family, intent } = ctx;
  const analysis = partitionEach(world, family, observer ? { observer } : {}, (k) => {
    // The partition saw every chain entry (observer); its representatives' hits are every hit of the space.
    if (reach) {
      const hops = k.trace.hops;
      for (let i = 0; i < hops.length; i++)
        for (let j = 0; j < hops[i]!.hits.length; j++) reach.hits.add(hops[i]!.hits[j]!);
    }
    return answer(k, active, ctx);
  });
  // A class matches a run of same-target rules as one test: the rules of the run its connections match first.
  if (reach) for (const h of analysis.runHits) reach.hits.add(h);
  const basis: CheckBasis =
    analysis.sampled === null
      ? { kind: 'proved', classes: analysis.classes.length, fields: CLASS_FIELDS }
      : { kind: 'sampled', why: analysis.sampled, classes: analysis.classes.length };
  // The CIDRs a configuration excludes or includes are asked about even where the rules under test (a mutant, a
  // hand-edited dump) no longer name them, so no class boundary falls on them: classes/variants.ts.
  const cidrSets = [intent.outboundExcludedCidrs, intent.outboundCidrs === 'all' ? [] : intent.outboundCidrs]
    .map((cidrs) => normaliseSet(cidrs.filter((c) => c.addr.family === family).map(cidrBounds)))
    .filter((set) => set.length > 0);
  const classOf = new Map<Connection, CheckedClass>();
  for (const k of analysis.classes) {
    const ports = portVariants(k, named);
    for (let i = 0; i < ports.length; i++) classOf.set(ports[i]!, k);
    if (cidrSets.length > 0) for (const c of addressVariants(k, ports, cidrSets)) classOf.set(c, k);
  }
  const candidates = simplestFirst(world, worldCells(world, family), family, [...classOf.keys()]).map(
    (connection): ClassCandidate => {
      const of = classOf.get(connection)!;
      return { connection, of, representative: of.representative === connection };
    },
  );
  return { basis, candidates };
}
