// `diff OLD NEW`: two rulesets in the same pod compared over every packet class (model/classes/diff.ts does the
// work; this loads both sides, picks the families, prints, and turns the result into an exit code).
import { diffWorlds } from '../../../model/classes/index.ts';
import type { Family } from '../../../model/net/index.ts';
import { type DiffOutcome, diffExitCode } from '../diff-outcome.ts';
import { CliError } from '../exit.ts';
import type { CliIo } from '../io.ts';
import type { PodOptions, RulesInputOptions } from '../options.ts';
import { renderDiffJson } from '../render/diff-json.ts';
import { renderDiffText } from '../render/diff-text.ts';
import { loadSession, type Session } from '../session.ts';

export interface DiffCommandOptions extends Omit<RulesInputOptions, 'profile'>, PodOptions {
  readonly oldProfile?: string;
  readonly newProfile?: string;
  readonly json?: boolean;
}

/** Which side each positional FILE is: the sides a --*-profile does not give, in order. */
function sides(files: readonly string[], o: DiffCommandOptions): [string | undefined, string | undefined] {
  const rest = [...files];
  const old = o.oldProfile === undefined ? rest.shift() : undefined;
  const neu = o.newProfile === undefined ? rest.shift() : undefined;
  if (rest.length > 0) {
    throw new CliError(`too many rules inputs: ${rest.join(' ')} (give OLD and NEW, each a FILE or a profile)`, true);
  }
  if (o.oldProfile === undefined && old === undefined) {
    throw new CliError('missing OLD: give a FILE or --old-profile NAME', true);
  }
  if (o.newProfile === undefined && neu === undefined) {
    throw new CliError('missing NEW: give a FILE or --new-profile NAME', true);
  }
  if (old === '-' && neu === '-') throw new CliError('only one side can read standard input (-)', true);
  return [old, neu];
}

/** The families both sides hold (or --family's); a family one side lacks cannot be compared, so it is an error. */
function families(before: Session, after: Session, o: DiffCommandOptions): Family[] {
  const common = before.pod.families.filter((f) => after.pod.families.includes(f));
  if (common.length === 0) {
    throw new CliError(
      `${before.rules.label} holds ${before.pod.families.join(', ')} rules and ${after.rules.label} holds ${after.pod.families.join(', ')}: no family to compare`,
    );
  }
  return o.family ? common.filter((f) => f === o.family) : common;
}

export async function runDiff(files: readonly string[], o: DiffCommandOptions, io: CliIo): Promise<number> {
  const [oldFile, newFile] = sides(files, o);
  const before = await loadSession(oldFile, { ...o, ...(o.oldProfile ? { profile: o.oldProfile } : {}) }, io);
  const after = await loadSession(newFile, { ...o, ...(o.newProfile ? { profile: o.newProfile } : {}) }, io);
  const diffs = families(before, after, o).map((f) => diffWorlds(before.pod.world, after.pod.world, f));
  const outcome: DiffOutcome = { before, after, diffs };
  io.stdout.write(o.json ? renderDiffJson(outcome) : renderDiffText(outcome, io));
  return diffExitCode(diffs);
}
