// Replays prepared cases on one oracle session. Cases that share a ruleset go in one batch; a different ruleset is a
// `reload`, not a new session. Timing is kept apart from the results, so the results (and the generated page) are
// the same on every run.
import { compareHop } from './compare.ts';
import { type CaseResult, type PreparedCase, skippedResult } from './coverage-case.ts';
import type { OracleListeners } from './replay-trace.ts';
import type { ObservedHop, Oracle, OracleHop } from './types.ts';

export interface ReplayStats {
  hops: number;
  seconds: number;
  /** Hops replayed again because the first observation was incomplete (see observeAll). */
  retries: number;
}

export function newStats(): ReplayStats {
  return { hops: 0, seconds: 0, retries: 0 };
}

/**
 * The harness reads original destinations from conntrack once per `replay` call, at its end. Short calls keep that
 * read close to the connections: an entry that ended in CLOSE state lives only 10 s (nf_conntrack_proto_tcp.c).
 */
const HOPS_PER_CALL = 64;

/** One session: the oracle, the listener set it was started with, and the ruleset it has loaded now. */
export interface CoverageSession {
  readonly oracle: Oracle;
  /** The listener set the session was started with (oracleListeners of its first world). */
  readonly listeners: OracleListeners;
  loaded: string;
}

/**
 * A connection accepted in the pod always has a conntrack entry there (the nat table needs conntrack), so an accepted
 * hop without an original destination is an incomplete observation (the entry was not in that read), not a kernel
 * verdict. Such a hop is replayed once more as a fresh connection; a second miss stays and shows as a difference.
 */
function incomplete(o: ObservedHop, session: CoverageSession): boolean {
  if (o.outcome.kind !== 'accepted' || o.outcome.origDst !== undefined || o.outcome.untracked) return false;
  const name = o.outcome.listener;
  return session.listeners.specs.find((l) => l.name === name)?.where === 'pod';
}

async function observeAll(session: CoverageSession, hops: readonly OracleHop[], stats: ReplayStats) {
  const started = performance.now();
  const observed: ObservedHop[] = [];
  for (let i = 0; i < hops.length; i += HOPS_PER_CALL) {
    observed.push(...(await session.oracle.replay(hops.slice(i, i + HOPS_PER_CALL))));
  }
  const again = observed.flatMap((o, i) => (incomplete(o, session) ? [i] : []));
  if (again.length > 0) {
    const second = await session.oracle.replay(again.map((i) => ({ ...hops[i]!, id: `${hops[i]!.id}~again` })));
    // replay answers in order; the second observation stands in for the first under the hop's own id.
    for (const [k, i] of again.entries()) observed[i] = { ...second[k]!, id: hops[i]!.id };
    stats.retries += again.length;
  }
  stats.seconds += (performance.now() - started) / 1000;
  stats.hops += hops.length + again.length;
  return observed;
}

async function runBatch(session: CoverageSession, cases: readonly PreparedCase[], stats: ReplayStats) {
  const results = new Map<PreparedCase, CaseResult>();
  const replayable: PreparedCase[] = [];
  for (const c of cases) {
    if (!c.plan.ok) results.set(c, skippedResult(c, c.plan.code, c.plan.reason));
    else if (c.listenersKey !== session.listeners.key) {
      results.set(c, skippedResult(c, 'listeners', "the world's listeners differ from the session's"));
    } else replayable.push(c);
  }
  const hops: OracleHop[] = replayable.flatMap((c) => (c.plan.ok ? c.plan.hops.map((h) => h.replay) : []));
  if (hops.length > 0) {
    const observed = await observeAll(session, hops, stats);
    const byId = new Map(observed.map((o) => [o.id, o]));
    for (const c of replayable) {
      if (!c.plan.ok) continue;
      const comparisons = c.plan.hops.map((h) => {
        const o = byId.get(h.replay.id);
        if (!o) throw new Error(`the oracle returned no observation for ${h.replay.id}`);
        return compareHop(h, o);
      });
      results.set(c, { meta: c.meta, trace: c.trace, status: 'compared', hops: comparisons });
    }
  }
  return cases.map((c) => results.get(c)!);
}

/** Runs cases in order, reloading the session's rules whenever a case needs other rules. */
export async function runCases(
  session: CoverageSession,
  cases: readonly PreparedCase[],
  stats: ReplayStats = newStats(),
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (let i = 0; i < cases.length; ) {
    const rules = cases[i]!.rules;
    let end = i;
    while (end < cases.length && cases[end]!.rules === rules) end++;
    const batch = cases.slice(i, end);
    i = end;
    if (rules !== session.loaded) {
      try {
        await session.oracle.reload(rules);
        session.loaded = rules;
      } catch (e) {
        // The model's parser took this ruleset (generateMutants re-parses every mutant), the kernel's did not.
        const reason = `iptables-restore refused the ruleset: ${(e as Error).message.split('\n')[0]}`;
        // legacy restore commits table by table, so what is loaded now is unknown: the next batch reloads.
        session.loaded = '';
        results.push(...batch.map((c) => skippedResult(c, 'load-refused', reason)));
        continue;
      }
    }
    results.push(...(await runBatch(session, batch, stats)));
  }
  return results;
}
