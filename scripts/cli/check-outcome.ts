// What `check` found, as one value that both renderings (text and JSON) read, and the exit code it implies.

import type { WorldDiff } from '../../model/classes/index.ts';
import type { CheckReport, InvariantReport } from '../../model/invariants/index.ts';
import type { Family } from '../../model/net/index.ts';
import { type Finding, findingKey } from './baseline.ts';
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
  /** With --baseline: the file, the keys of the findings it accepts (findingKey), and its entries no longer found. */
  readonly baseline?: {
    readonly file: string;
    readonly accepted: ReadonlySet<string>;
    readonly stale: readonly Finding[];
  };
  readonly session: Session;
  /**
   * With a given configuration the rules drift from: its generated rules against the dump over packet classes, per
   * family (which traffic changes fate because of the drift; none for a harmless reordering).
   */
  readonly driftBehaviour?: readonly WorldDiff[];
}

/** What a doubted capture means, in one clause after "capture switched off (FAMILY): " (text, SARIF, JUnit). */
export const DOUBT_HEADLINE =
  "the rules switch capture off against their version's default injection; given no configuration, this is not taken as intent (give --config, --istio-args or --pod if the pod asks for it)";

/** Whether the baseline accepts this verdict (never true without --baseline). */
export function isAccepted(o: Pick<CheckOutcome, 'baseline'>, family: Family, r: InvariantReport): boolean {
  return o.baseline?.accepted.has(findingKey({ invariant: r.id, family, status: r.status })) === true;
}

/**
 * The exit code of the findings the baseline (if any) does not accept: violated, then not captured, then capture
 * switched off, then drift, then undetermined. `drifted`: a configuration was given and the rules differ from what it
 * generates. `doubted`: no configuration was given and the rules switch capture off against their version's default
 * injection (the two never meet: one needs a configuration, the other its absence). A family that captures nothing,
 * or a doubted capture, is never accepted by a baseline (neither is an invariant's finding).
 */
export function exitCodeOf(
  reports: readonly CheckReport[],
  accepted: ReadonlySet<string> = new Set(),
  drifted = false,
  doubted = false,
): ExitCode {
  const statuses = reports.flatMap((r) =>
    r.invariants
      .filter((i) => !accepted.has(findingKey({ invariant: i.id, family: r.family, status: i.status })))
      .map((i) => i.status),
  );
  if (statuses.includes('violated')) return EXIT.violated;
  if (reports.some((r) => r.capture.kind === 'not-captured')) return EXIT.notCaptured;
  if (doubted) return EXIT.captureOff;
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
    accepted: o.reports.reduce((n, r) => n + r.invariants.filter((i) => isAccepted(o, r.family, i)).length, 0),
  };
}
