// What `diff` found, shared by the command and its renderers: both sessions, one WorldDiff per family, and the exit
// code it means.
import type { WorldDiff } from '../../model/classes/index.ts';
import { EXIT } from './exit.ts';
import type { Session } from './session.ts';

export interface DiffOutcome {
  readonly before: Session;
  readonly after: Session;
  readonly diffs: readonly WorldDiff[];
}

/** 1 when a class changes fate (or only its deciding rule), else 3 when a class is undetermined or sampled, else 0. */
export function diffExitCode(diffs: readonly WorldDiff[]): number {
  if (diffs.some((d) => d.groups.length > 0)) return EXIT.violated;
  if (diffs.some((d) => d.undetermined > 0 || d.sampled !== null)) return EXIT.undetermined;
  return EXIT.ok;
}
