// `diff --json`: one document (scripts/cli/schema/diff.schema.json) with both inputs and, per family, the class
// count, why it is not a proof (sampled, undetermined), and each group with its simplest connection and both traces.
import type { DiffGroup, WorldDiff } from '../../../model/classes/index.ts';
import { describeConnection } from '../../../model/invariants/index.ts';
import { connectionJson, traceToJson } from '../../../model/trace/index.ts';
import { type DiffOutcome, diffExitCode } from '../diff-outcome.ts';
import { describeInput } from '../load.ts';

function groupJson(g: DiffGroup) {
  return {
    change: g.change,
    exitRuleOnly: g.exitRuleOnly,
    classes: g.classes,
    before: g.before,
    after: g.after,
    connection: connectionJson(g.example),
    description: describeConnection(g.example),
    oldTrace: traceToJson(g.oldTrace),
    newTrace: traceToJson(g.newTrace),
  };
}

function familyJson(d: WorldDiff) {
  return {
    family: d.family,
    classes: d.classes,
    equivalent: d.groups.length === 0 && d.undetermined === 0 && d.sampled === null,
    sampled: d.sampled,
    undetermined: d.undetermined,
    groups: d.groups.map(groupJson),
  };
}

export function renderDiffJson(o: DiffOutcome): string {
  const doc = {
    command: 'diff',
    version: 1,
    old: describeInput(o.before.rules, o.before.pod),
    new: describeInput(o.after.rules, o.after.pod),
    verdict: (['equivalent', 'differs', 'undetermined'] as const)[[0, 1, 3].indexOf(diffExitCode(o.diffs))],
    families: o.diffs.map(familyJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
