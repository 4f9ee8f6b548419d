// `check FILE|-|--profile NAME`: every invariant against every family the rules have, then one verdict and an exit
// code. Every rendering (text, JSON, SARIF, JUnit) reads the same CheckOutcome; a baseline decides which findings
// count towards the exit code.
import { expectedRulesets } from '../../../model/configured/index.ts';
import { checkWorld, DEAD_RULES_LINT } from '../../../model/invariants/index.ts';
import { driftBehaviour } from '../../../model/review/index.ts';
import {
  type Baseline,
  baselineText,
  checkBaselineTarget,
  currentFindings,
  findingKey,
  readBaseline,
  staleFindings,
  writeBaseline,
} from '../baseline.ts';
import type { CHECK_FORMATS } from '../check-formats.ts';
import { type CheckOutcome, exitCodeOf } from '../check-outcome.ts';
import type { CliIo } from '../io.ts';
import { checkClassWork } from '../limits.ts';
import { progress } from '../progress.ts';
import { loadSession, type Session, type SessionOptions } from '../session.ts';

export type CheckCommandOptions = SessionOptions & {
  readonly invariant?: readonly string[];
  readonly json?: boolean;
  readonly format?: (typeof CHECK_FORMATS)[number];
  readonly baseline?: string;
  readonly writeBaseline?: string;
};

async function render(outcome: CheckOutcome, format: CheckCommandOptions['format'], io: CliIo): Promise<string> {
  switch (format) {
    case 'json': {
      const { checkJson } = await import('../render/check-json.ts');
      return `${JSON.stringify(checkJson(outcome), null, 2)}\n`;
    }
    case 'sarif': {
      const { checkSarif } = await import('../render/check-sarif.ts');
      return `${JSON.stringify(checkSarif(outcome, io), null, 2)}\n`;
    }
    case 'junit': {
      const { checkJunit } = await import('../render/check-junit.ts');
      return checkJunit(outcome);
    }
    default: {
      const { renderCheckText } = await import('../render/check-text.ts');
      return renderCheckText(outcome, io);
    }
  }
}

/** The given configuration's generated rules against the dump, over packet classes (drift's behavioural part). */
function driftBehaviourOf(session: Session) {
  const setup = session.pod.setup;
  if (!setup?.config) return undefined;
  const backend = session.rules.format.startsWith('nft') ? 'nftables' : 'iptables';
  const expected = expectedRulesets(setup.config, setup.version, backend, session.names);
  return expected ? driftBehaviour(session.pod.world, expected, session.pod.families) : undefined;
}

export async function runCheck(file: string | undefined, o: CheckCommandOptions, io: CliIo): Promise<number> {
  const session = await loadSession(file, o, io);
  const { rules, pod } = session;
  // Bad baseline options fail before the analysis, not after it.
  const baseline: Baseline | undefined = o.baseline === undefined ? undefined : await readBaseline(o.baseline, io);
  if (o.writeBaseline !== undefined) await checkBaselineTarget(o.writeBaseline, io);
  const only = o.invariant?.filter((id) => id !== DEAD_RULES_LINT.id);
  const lint = o.invariant === undefined || o.invariant.includes(DEAD_RULES_LINT.id);
  for (const rs of rules.rulesets) checkClassWork(rs, rs.family, rules.label, pod.world.pod.app.ports);
  const status = progress(io);
  const reports = pod.families.map((family) => {
    status.show(`checking the ${family} rules`);
    const intent = session.intents[family];
    const twinIntent = session.intents[family === 'ipv4' ? 'ipv6' : 'ipv4'];
    return checkWorld(pod.world, {
      family,
      lint,
      ...(only ? { only } : {}),
      ...(intent ? { intent } : {}),
      ...(twinIntent ? { twinIntent } : {}),
    });
  });
  status.clear();
  const findings = currentFindings(reports);
  // --write-baseline accepts what this run found; with --baseline too, it updates that file's entries.
  const acceptedFindings = o.writeBaseline !== undefined ? findings : (baseline?.findings ?? []);
  const accepted = new Set(acceptedFindings.map(findingKey));
  const baselineFile = o.writeBaseline ?? baseline?.file;
  const drifted = session.given !== undefined && (pod.setup?.drift?.items.length ?? 0) > 0;
  const behaviour = drifted ? driftBehaviourOf(session) : undefined;
  const outcome: CheckOutcome = {
    rules,
    pod,
    reports,
    lint,
    exitCode: exitCodeOf(reports, accepted, drifted, session.doubts.length > 0),
    session,
    ...(behaviour ? { driftBehaviour: behaviour } : {}),
    ...(baselineFile !== undefined
      ? {
          baseline: {
            file: baselineFile,
            accepted,
            stale: baseline && !o.writeBaseline ? staleFindings(baseline, findings) : [],
          },
        }
      : {}),
  };
  io.stdout.write(await render(outcome, o.json ? 'json' : o.format, io));
  if (o.writeBaseline !== undefined) {
    await writeBaseline(o.writeBaseline, baselineText(findings, baseline), io);
    io.stderr.write(
      `wrote ${o.writeBaseline}: ${findings.length} accepted finding${findings.length === 1 ? '' : 's'}\n`,
    );
  }
  for (const f of outcome.baseline?.stale ?? []) {
    io.stderr.write(
      `note: ${outcome.baseline!.file} accepts ${f.invariant} ${f.status} (${f.family}), which this run did not find; --write-baseline ${outcome.baseline!.file} drops it\n`,
    );
  }
  return outcome.exitCode;
}
