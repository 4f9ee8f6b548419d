// `check FILE|-|--profile NAME`: every invariant against every family the rules have, then one verdict and an exit
// code. The text and JSON renderings read the same CheckOutcome.
import { checkWorld, DEAD_RULES_LINT } from '../../../model/invariants/index.ts';
import { type CheckOutcome, exitCodeOf } from '../check-outcome.ts';
import type { CliIo } from '../io.ts';
import { progress } from '../progress.ts';
import { checkJson } from '../render/check-json.ts';
import { renderCheckText } from '../render/check-text.ts';
import { loadSession, type SessionOptions } from '../session.ts';

export type CheckCommandOptions = SessionOptions & {
  readonly invariant?: readonly string[];
  readonly json?: boolean;
};

export async function runCheck(file: string | undefined, o: CheckCommandOptions, io: CliIo): Promise<number> {
  const session = await loadSession(file, o, io);
  const { rules, pod } = session;
  const only = o.invariant?.filter((id) => id !== DEAD_RULES_LINT.id);
  const lint = o.invariant === undefined || o.invariant.includes(DEAD_RULES_LINT.id);
  const status = progress(io);
  const reports = pod.families.map((family) => {
    status.show(`checking the ${family} rules`);
    const intent = session.intents[family];
    return checkWorld(pod.world, { family, lint, ...(only ? { only } : {}), ...(intent ? { intent } : {}) });
  });
  status.clear();
  const drifted = session.given !== undefined && (pod.setup?.drift?.items.length ?? 0) > 0;
  const outcome: CheckOutcome = { rules, pod, reports, lint, exitCode: exitCodeOf(reports, drifted), session };
  io.stdout.write(o.json ? `${JSON.stringify(checkJson(outcome), null, 2)}\n` : renderCheckText(outcome, io));
  return outcome.exitCode;
}
