// `check FILE|-|--profile NAME`: every invariant against every family the rules have, then one verdict and an exit
// code. Every rendering (text, JSON, SARIF, JUnit) reads the same CheckOutcome; a baseline decides which findings
// count towards the exit code.
import { checkWorld, DEAD_RULES_LINT } from '../../../model/invariants/index.ts';
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
import { checkEnumerationSize } from '../limits.ts';
import { buildWorld, loadRules } from '../load.ts';
import type { PodOptions, RulesInputOptions } from '../options.ts';
import { progress } from '../progress.ts';

export interface CheckCommandOptions extends RulesInputOptions, PodOptions {
  readonly invariant?: readonly string[];
  readonly json?: boolean;
  readonly format?: (typeof CHECK_FORMATS)[number];
  readonly baseline?: string;
  readonly writeBaseline?: string;
}

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

export async function runCheck(file: string | undefined, o: CheckCommandOptions, io: CliIo): Promise<number> {
  const rules = await loadRules(file, o, io);
  const pod = buildWorld(rules, o);
  // Bad baseline options fail before the analysis, not after it.
  const baseline: Baseline | undefined = o.baseline === undefined ? undefined : await readBaseline(o.baseline, io);
  if (o.writeBaseline !== undefined) await checkBaselineTarget(o.writeBaseline, io);
  const only = o.invariant?.filter((id) => id !== DEAD_RULES_LINT.id);
  const lint = o.invariant === undefined || o.invariant.includes(DEAD_RULES_LINT.id);
  for (const rs of rules.rulesets) checkEnumerationSize(pod.world, rs, rs.family, rules.label);
  const status = progress(io);
  const reports = pod.families.map((family) => {
    status.show(`checking the ${family} rules`);
    return checkWorld(pod.world, { family, lint, ...(only ? { only } : {}) });
  });
  status.clear();
  const findings = currentFindings(reports);
  // --write-baseline accepts what this run found; with --baseline too, it updates that file's entries.
  const acceptedFindings = o.writeBaseline !== undefined ? findings : (baseline?.findings ?? []);
  const accepted = new Set(acceptedFindings.map(findingKey));
  const baselineFile = o.writeBaseline ?? baseline?.file;
  const outcome: CheckOutcome = {
    rules,
    pod,
    reports,
    lint,
    exitCode: exitCodeOf(reports, accepted),
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
