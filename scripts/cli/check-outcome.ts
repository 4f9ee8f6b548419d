// What `check` found, as one value that both renderings (text and JSON) read, and the exit code it implies.
import type { CheckReport, InvariantReport } from '../../model/invariants/index.ts';
import { EXIT, type ExitCode } from './exit.ts';
import type { LoadedRules, PodWorld } from './load.ts';
import type { Session } from './session.ts';

export interface CheckOutcome {
  readonly rules: LoadedRules;
  readonly pod: PodWorld;
  readonly reports: readonly CheckReport[];
  /** Whether the dead-rule lint ran (always, unless --invariant leaves `dead-rules` out). */
  readonly lint: boolean;
  readonly exitCode: ExitCode;
  readonly session: Session;
}

/** Violated, then not captured, then drift, then undetermined. `drifted`: a configuration was given and the rules differ from what it generates. */
export function exitCodeOf(reports: readonly CheckReport[], drifted = false): ExitCode {
  const statuses = reports.flatMap((r) => r.invariants.map((i) => i.status));
  if (statuses.includes('violated')) return EXIT.violated;
  if (reports.some((r) => r.capture.kind === 'not-captured')) return EXIT.notCaptured;
  if (drifted) return EXIT.drift;
  if (statuses.includes('undetermined')) return EXIT.undetermined;
  return EXIT.ok;
}

export function statusCounts(o: CheckOutcome) {
  const all = o.reports.flatMap((r) => r.invariants);
  const count = (s: InvariantReport['status']) => all.filter((i) => i.status === s).length;
  return {
    holds: count('holds'),
    violated: count('violated'),
    undetermined: count('undetermined'),
    notApplicable: count('not-applicable'),
  };
}
