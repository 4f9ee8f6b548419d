// The machine facts of one run (oracle/report-data.ts MachineFacts): kept apart from the results, never compared by
// the freshness check.
import type { ReplayStats } from './coverage-run.ts';
import { type BackendMachineFacts, type MachineFacts, PRODUCER, RESULTS_VERSION } from './report-data.ts';
import type { Backend } from './types.ts';

export interface MachineRun {
  readonly kernel: string;
  readonly node: string;
  readonly backends: ReadonlyArray<{
    readonly backend: Backend;
    readonly stats: ReplayStats;
    /** Why the backend could not run here; absent when it ran. */
    readonly unavailable?: string;
  }>;
}

export function machineFacts(run: MachineRun): MachineFacts {
  const backends = run.backends.map(({ backend, stats, unavailable }): BackendMachineFacts => {
    const seconds = Number(stats.seconds.toFixed(2));
    const hopsPerSecond = stats.seconds > 0 ? Math.round(stats.hops / stats.seconds) : 0;
    const timing = { hops: stats.hops, seconds, hopsPerSecond, retries: stats.retries };
    return unavailable === undefined
      ? { backend, available: true, ...timing }
      : { backend, available: false, reason: unavailable, ...timing };
  });
  return { producer: PRODUCER, version: RESULTS_VERSION, kernel: run.kernel, node: run.node, backends };
}
