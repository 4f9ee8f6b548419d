// `diff --json`: one document (scripts/cli/schema/diff.schema.json) with both inputs and, per family, the class
// count, why it is not a proof (sampled, undetermined), and each group with its simplest connection and both traces.
import type { DiffGroup, WorldDiff } from '../../../model/classes/index.ts';
import { describeConnection } from '../../../model/invariants/index.ts';
import type { RuleViewEntry } from '../../../model/review/index.ts';
import { connectionJson, traceToJson } from '../../../model/trace/index.ts';
import { type DiffOutcome, diffExitCode } from '../diff-outcome.ts';
import { describeInput } from '../load.ts';

function groupJson(g: DiffGroup) {
  return {
    change: g.change,
    exitRuleOnly: g.exitRuleOnly,
    classes: g.classes,
    opener: g.story?.openerLabel ?? null,
    outcomes: g.outcomes,
    before: g.before,
    after: g.after,
    connection: connectionJson(g.example),
    description: describeConnection(g.example),
    oldTrace: traceToJson(g.oldTrace),
    newTrace: traceToJson(g.newTrace),
  };
}

function ruleJson(e: RuleViewEntry) {
  const c = e.change;
  return {
    kind: c.kind,
    table: c.table,
    chain: c.chain,
    ...(c.kind === 'removed' || c.kind === 'moved' ? { oldIndex: c.oldIndex } : {}),
    ...(c.kind === 'added' || c.kind === 'moved' ? { newIndex: c.newIndex } : {}),
    ...(c.kind === 'policy' ? { oldPolicy: c.oldPolicy, newPolicy: c.newPolicy } : {}),
    text: c.text,
    groups: e.groups,
  };
}

function familyJson(d: WorldDiff, rules: readonly RuleViewEntry[]) {
  return {
    family: d.family,
    classes: d.classes,
    equivalent: d.groups.length === 0 && d.undetermined === 0 && d.sampled === null,
    sampled: d.sampled,
    undetermined: d.undetermined,
    groups: d.groups.map(groupJson),
    rules: rules.map(ruleJson),
  };
}

export function renderDiffJson(o: DiffOutcome): string {
  const doc = {
    command: 'diff',
    version: 1,
    old: describeInput(o.before.rules, o.before.pod),
    new: describeInput(o.after.rules, o.after.pod),
    verdict: (['equivalent', 'differs', 'undetermined'] as const)[[0, 1, 3].indexOf(diffExitCode(o.diffs))],
    families: o.diffs.map((d, i) => familyJson(d, o.rules[i] ?? [])),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
