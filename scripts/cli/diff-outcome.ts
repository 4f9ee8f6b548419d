// What `diff` found, shared by the command and its renderers: both sessions, one WorldDiff and one rule view per
// family, and the exit code it means.
import type { DiffGroup, WorldDiff } from '../../model/classes/index.ts';
import type { RuleViewEntry } from '../../model/review/index.ts';
import { EXIT } from './exit.ts';
import type { Session } from './session.ts';

export interface DiffOutcome {
  readonly before: Session;
  readonly after: Session;
  readonly diffs: readonly WorldDiff[];
  /** Per family (as `diffs`), the rules added, removed or moved and the groups each affects. */
  readonly rules: readonly (readonly RuleViewEntry[])[];
}

/** 1 when a class changes fate (or only its deciding rule), else 3 when a class is undetermined or sampled, else 0. */
export function diffExitCode(diffs: readonly WorldDiff[]): number {
  if (diffs.some((d) => d.groups.length > 0)) return EXIT.violated;
  if (diffs.some((d) => d.undetermined > 0 || d.sampled !== null)) return EXIT.undetermined;
  return EXIT.ok;
}

/** The order people read groups in (text and Markdown): changes of fate, then exit-rule-only groups. */
export function shownGroups(d: WorldDiff): DiffGroup[] {
  return [...d.groups.filter((g) => !g.exitRuleOnly), ...d.groups.filter((g) => g.exitRuleOnly)];
}

/** A group's number as shown (shownGroups, 1-based) from its 1-based position in `d.groups` (the JSON's order). */
export function shownNumber(d: WorldDiff, group: number): number {
  return shownGroups(d).indexOf(d.groups[group - 1]!) + 1;
}
