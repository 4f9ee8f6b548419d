// What `check` found, as one value that both renderings (text and JSON) read, and the exit code it implies.

import type { CheckReport, InvariantReport } from '../../model/invariants/index.ts';
import type { Family } from '../../model/net/index.ts';
import { type Finding, findingKey } from './baseline.ts';
import { EXIT, type ExitCode } from './exit.ts';
import type { LoadedRules, PodWorld } from './load.ts';

export interface CheckOutcome {
  readonly rules: LoadedRules;
  readonly pod: PodWorld;
  readonly reports: readonly CheckReport[];
  /** Whether the dead-rule lint ran (always, unless --invariant leaves `dead-rules` out). */
  readonly lint: boolean;
  readonly exitCode: ExitCode;
  /** With --baseline: the file, the keys of the findings it accepts (findingKey), and its entries no longer found. */
  readonly baseline?: {
    readonly file: string;
    readonly accepted: ReadonlySet<string>;
    readonly stale: readonly Finding[];
  };
}

/** Whether the baseline accepts this verdict (never true without --baseline). */
export function isAccepted(o: Pick<CheckOutcome, 'baseline'>, family: Family, r: InvariantReport): boolean {
  return o.baseline?.accepted.has(findingKey({ invariant: r.id, family, status: r.status })) === true;
}

/** The exit code of the findings the baseline (if any) does not accept. */
export function exitCodeOf(reports: readonly CheckReport[], accepted: ReadonlySet<string> = new Set()): ExitCode {
  const statuses = reports.flatMap((r) =>
    r.invariants
      .filter((i) => !accepted.has(findingKey({ invariant: i.id, family: r.family, status: i.status })))
      .map((i) => i.status),
  );
  if (statuses.includes('violated')) return EXIT.violated;
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
    accepted: o.reports.reduce((n, r) => n + r.invariants.filter((i) => isAccepted(o, r.family, i)).length, 0),
  };
}
