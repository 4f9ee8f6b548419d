// `check FILE|-|--profile NAME`: every invariant against every family the rules have, then one verdict and an exit
// code. The text and JSON renderings read the same CheckOutcome.
import { checkWorld, DEAD_RULES_LINT } from '../../../model/invariants/index.ts';
import { type CheckOutcome, exitCodeOf } from '../check-outcome.ts';
import type { CliIo } from '../io.ts';
import { checkEnumerationSize } from '../limits.ts';
import { buildWorld, loadRules } from '../load.ts';
import type { PodOptions, RulesInputOptions } from '../options.ts';
import { progress } from '../progress.ts';
import { checkJson } from '../render/check-json.ts';
import { renderCheckText } from '../render/check-text.ts';

export interface CheckCommandOptions extends RulesInputOptions, PodOptions {
  readonly invariant?: readonly string[];
  readonly json?: boolean;
}

export async function runCheck(file: string | undefined, o: CheckCommandOptions, io: CliIo): Promise<number> {
  const rules = await loadRules(file, o, io);
  const pod = buildWorld(rules, o);
  const only = o.invariant?.filter((id) => id !== DEAD_RULES_LINT.id);
  const lint = o.invariant === undefined || o.invariant.includes(DEAD_RULES_LINT.id);
  for (const rs of rules.rulesets) checkEnumerationSize(pod.world, rs, rs.family, rules.label);
  const status = progress(io);
  const reports = pod.families.map((family) => {
    status.show(`checking the ${family} rules`);
    return checkWorld(pod.world, { family, lint, ...(only ? { only } : {}) });
  });
  status.clear();
  const outcome: CheckOutcome = { rules, pod, reports, lint, exitCode: exitCodeOf(reports) };
  io.stdout.write(o.json ? `${JSON.stringify(checkJson(outcome), null, 2)}\n` : renderCheckText(outcome, io));
  return outcome.exitCode;
}
