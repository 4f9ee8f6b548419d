// The `check --json` document (scripts/cli/schema/check.schema.json). Field names are an interface: add fields,
// never rename or remove them.

import { type Counterexample, describeConnection, type InvariantReport } from '../../../model/invariants/index.ts';
import type { Family } from '../../../model/net/index.ts';
import { connectionJson, traceToJson } from '../../../model/trace/index.ts';
import { type CheckOutcome, isAccepted, statusCounts } from '../check-outcome.ts';
import { describeInput } from '../load.ts';
import { replayCommand } from '../replay.ts';
import { issueJson } from './issue-json.ts';
import { setupJson } from './istio-setup.ts';

const VERDICTS: Partial<Record<number, string>> = {
  1: 'violated',
  3: 'undetermined',
  4: 'drift',
  5: 'not-captured',
  6: 'capture-off',
};

function exampleJson(o: CheckOutcome, cx: Counterexample) {
  return {
    connection: connectionJson(cx.connection),
    description: describeConnection(cx.connection),
    why: cx.why,
    replay: replayCommand(o.rules, o.pod, cx.connection),
    trace: traceToJson(cx.trace),
  };
}

function invariantJson(o: CheckOutcome, family: Family, r: InvariantReport) {
  return {
    id: r.id,
    family,
    statement: r.statement,
    status: r.status,
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    checked: r.checked,
    ...(r.counterexample ? { counterexample: exampleJson(o, r.counterexample) } : {}),
    ...(o.baseline ? { accepted: isAccepted(o, family, r) } : {}),
  };
}

export function checkJson(o: CheckOutcome) {
  return {
    command: 'check',
    version: 1,
    ...describeInput(o.rules, o.pod),
    istio: setupJson(o.session, o.driftBehaviour),
    verdict: VERDICTS[o.exitCode] ?? 'holds',
    exitCode: o.exitCode,
    summary: statusCounts(o),
    runs: o.reports.map((r) => ({ family: r.family, connections: r.connections, basis: r.basis })),
    capture: o.reports.map((r) => ({ family: r.family, ...r.capture })),
    captureOff: o.session.doubts.map((d) => ({ family: d.family, kind: d.kind, text: d.text })),
    invariants: o.reports.flatMap((r) => r.invariants.map((i) => invariantJson(o, r.family, i))),
    lint: o.lint,
    deadRules: o.reports.flatMap((r) => r.deadRules.map((d) => ({ family: r.family, ...d }))),
    undecidedRules: o.reports.flatMap((r) => r.undecidedRules.map((u) => ({ family: r.family, ...u }))),
    warnings: o.rules.warnings.map(issueJson),
    ...(o.baseline ? { baseline: { file: o.baseline.file, stale: o.baseline.stale } } : {}),
  };
}
