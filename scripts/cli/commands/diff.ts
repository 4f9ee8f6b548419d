// `diff OLD NEW`: two rulesets in the same pod compared over every packet class (model/classes/diff.ts does the
// work; this loads both sides (diff-sides.ts says what each is), picks the families, prints, and turns the result
// into an exit code).
import { diffWorlds } from '../../../model/classes/index.ts';
import type { Family } from '../../../model/net/index.ts';
import { ruleView } from '../../../model/review/index.ts';
import { type DiffOutcome, diffExitCode } from '../diff-outcome.ts';
import { type DiffSide, type DiffSideOptions, diffSides } from '../diff-sides.ts';
import { CliError } from '../exit.ts';
import type { CliIo } from '../io.ts';
import type { IstioInputOptions } from '../istio-options.ts';
import type { PodOptions, RulesInputOptions } from '../options.ts';
import { renderDiffJson } from '../render/diff-json.ts';
import { renderDiffText } from '../render/diff-text.ts';
import { loadSession, type Session, type SessionOptions } from '../session.ts';

export interface DiffCommandOptions
  extends Omit<RulesInputOptions, 'profile'>,
    PodOptions,
    DiffSideOptions,
    Pick<IstioInputOptions, 'group' | 'groupFile'> {
  readonly json?: boolean;
  readonly markdown?: boolean;
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

/** One side's session: the shared pod and name options, and that side's own rules or configuration. */
function loadSide(side: DiffSide, o: DiffCommandOptions, io: CliIo): Promise<Session> {
  const shared: SessionOptions = {
    ...(o.family ? { family: o.family } : {}),
    ...(o.maxIssues !== undefined ? { maxIssues: o.maxIssues } : {}),
    ...(o.podIp ? { podIp: o.podIp } : {}),
    ...(o.proxyUid ? { proxyUid: o.proxyUid } : {}),
    ...(o.proxyGid ? { proxyGid: o.proxyGid } : {}),
    ...(o.appUid !== undefined ? { appUid: o.appUid } : {}),
    ...(o.appGid !== undefined ? { appGid: o.appGid } : {}),
    ...(o.appPort !== undefined ? { appPort: o.appPort } : {}),
    ...(o.envoyBehaviour ? { envoyBehaviour: o.envoyBehaviour } : {}),
    ...(o.group ? { group: o.group } : {}),
    ...(o.groupFile !== undefined ? { groupFile: o.groupFile } : {}),
  };
  return loadSession(side.file, { ...shared, ...side.options }, io);
}

export async function runDiff(files: readonly string[], o: DiffCommandOptions, io: CliIo): Promise<number> {
  const [old, neu] = diffSides(files, o);
  const before = await loadSide(old, o, io);
  const after = await loadSide(neu, o, io);
  const diffs = families(before, after, o).map((f) => diffWorlds(before.pod.world, after.pod.world, f));
  const rules = diffs.map((d) => ruleView(before.pod.world, after.pod.world, d));
  const outcome: DiffOutcome = { before, after, diffs, rules };
  if (o.markdown) {
    const { renderDiffMarkdown } = await import('../render/diff-markdown.ts');
    io.stdout.write(await renderDiffMarkdown(outcome));
  } else io.stdout.write(o.json ? renderDiffJson(outcome) : renderDiffText(outcome, io));
  return diffExitCode(diffs);
}
