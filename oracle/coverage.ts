// What the kernel oracle checks the model on, and running it: every scenario on three Istio profiles, a fixed-seed
// stream of arbitrary connections per profile, edited and mutated rulesets, and one loop end to end. One session per
// backend and listener set; other rulesets are reloaded into it (oracle/coverage-run.ts).
import { fcSettings } from '../properties/index.ts';
import type { CaseResult, PreparedCase } from './coverage-case.ts';
import {
  arbitraryCases,
  envoyToRemote,
  pickMutants,
  requireProfile,
  scenarioCases,
  shipped,
  withoutOutputRules,
} from './coverage-cases.ts';
import { type LoopResult, runLoopCase } from './coverage-loop.ts';
import { newStats, type ReplayStats, runCases } from './coverage-run.ts';
import { withOracle } from './harness.ts';
import { oracleListeners } from './replay-trace.ts';
import type { Backend } from './types.ts';

export type { CaseMeta, CaseResult, CaseSet, PreparedCase } from './coverage-case.ts';
export { agrees } from './coverage-case.ts';
export type { LoopResult } from './coverage-loop.ts';
export { runLoopCase } from './coverage-loop.ts';
export { type CoverageSession, newStats, type ReplayStats, runCases } from './coverage-run.ts';

export const COVERAGE_PROFILES = ['istio-1.10', 'istio-1.18', 'istio-1.25'] as const;
export const MUTANT_PROFILE = 'istio-1.10';

export interface CoverageOptions {
  /** Replayable arbitrary connections per profile (default 200). */
  readonly arbitraryPerProfile?: number;
  /** Random mutants of MUTANT_PROFILE (default 10). */
  readonly mutants?: number;
  /** Replayable arbitrary connections per edited or mutated ruleset, besides every scenario (default 15). */
  readonly arbitraryPerMutant?: number;
  /** Re-dials of the forwarding stand-in in the loop case (default 4). */
  readonly loopDepth?: number;
  readonly seed?: number;
}

/** Every option with its value: what the plan was built from, recorded with the results (oracle/report-build.ts). */
export type ResolvedCoverageOptions = Required<CoverageOptions>;

export function resolveCoverageOptions(options: CoverageOptions = {}): ResolvedCoverageOptions {
  return {
    arbitraryPerProfile: options.arbitraryPerProfile ?? 200,
    mutants: options.mutants ?? 10,
    arbitraryPerMutant: options.arbitraryPerMutant ?? 15,
    loopDepth: options.loopDepth ?? 4,
    seed: options.seed ?? fcSettings().seed,
  };
}

export interface CoveragePlan {
  readonly options: ResolvedCoverageOptions;
  readonly scenarios: readonly PreparedCase[];
  readonly arbitrary: readonly PreparedCase[];
  /** Rules 4, and 4 and 7, of ISTIO_OUTPUT deleted, then the random mutants: scenarios and arbitrary connections. */
  readonly mutants: readonly PreparedCase[];
  /** Envoy to 10.250.0.3:8080 with rules 4 and 7 deleted: a loop. */
  readonly loop: PreparedCase;
  readonly loopDepth: number;
}

export function coveragePlan(given: CoverageOptions = {}): CoveragePlan {
  const options = resolveCoverageOptions(given);
  const { seed } = options;
  const profiles = COVERAGE_PROFILES.map((name) => shipped(requireProfile(name)));
  const mutantProfile = requireProfile(MUTANT_PROFILE);
  const edited = [withoutOutputRules(mutantProfile, [4]), withoutOutputRules(mutantProfile, [4, 7])];
  const variants = [...edited, ...pickMutants(mutantProfile, options.mutants)];
  return {
    options,
    scenarios: profiles.flatMap((v) => scenarioCases(v)),
    arbitrary: profiles.flatMap((v) => arbitraryCases(v, options.arbitraryPerProfile, seed)),
    mutants: variants.flatMap((v) => [
      ...scenarioCases(v, 'mutant'),
      ...arbitraryCases(v, options.arbitraryPerMutant, seed, 'mutant'),
    ]),
    loop: envoyToRemote(edited[1]!),
    loopDepth: options.loopDepth,
  };
}

/** One withOracle session per listener set (in practice one: the three profiles share theirs), cases in order. */
export async function runOnBackend(
  backend: Backend,
  cases: readonly PreparedCase[],
  stats: ReplayStats = newStats(),
): Promise<{ results: CaseResult[]; kernelVersion: string }> {
  const groups = new Map<string, PreparedCase[]>();
  for (const c of cases) groups.set(c.listenersKey, [...(groups.get(c.listenersKey) ?? []), c]);
  const byCase = new Map<PreparedCase, CaseResult>();
  let kernelVersion = '';
  for (const group of groups.values()) {
    const first = group[0]!;
    const listeners = oracleListeners(first.world);
    await withOracle({ backend, rules: first.rules, listeners: listeners.specs }, async (oracle) => {
      kernelVersion = oracle.kernelVersion;
      const results = await runCases({ oracle, listeners, loaded: first.rules }, group, stats);
      for (const [i, c] of group.entries()) byCase.set(c, results[i]!);
    });
  }
  return { results: cases.map((c) => byCase.get(c)!), kernelVersion };
}

export async function runLoop(backend: Backend, plan: CoveragePlan, stats: ReplayStats = newStats()) {
  const { loop, loopDepth } = plan;
  const listeners = oracleListeners(loop.world).specs;
  const options = { backend, rules: loop.rules, listeners, forwardingOutbound: { maxDepth: loopDepth } };
  return withOracle(options, async (oracle): Promise<LoopResult> => {
    const started = performance.now();
    const result = await runLoopCase(oracle, loop, loopDepth);
    stats.seconds += (performance.now() - started) / 1000;
    stats.hops += result.chain.length;
    return result;
  });
}
