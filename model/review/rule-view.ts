// The rule view of a diff for one family: every rule added, removed or moved, each with the changed groups it affects
// (by the groups' 1-based numbers in the family's diff, and how: hit or alone, affects.ts).
import type { WorldDiff } from '../classes/index.ts';
import type { World } from '../pod/index.ts';
import { type Affect, affects } from './affects.ts';
import { type RuleChange, ruleChanges } from './rule-changes.ts';

export interface RuleViewEntry {
  readonly change: RuleChange;
  /** The groups (1-based, in the diff's order) this change affects, and how. */
  readonly groups: readonly { readonly group: number; readonly how: Affect }[];
}

export function ruleView(before: World, after: World, diff: WorldDiff): RuleViewEntry[] {
  const changes = ruleChanges(before.pod.rulesets[diff.family], after.pod.rulesets[diff.family], diff.family);
  return changes.map((change) => ({
    change,
    groups: diff.groups.flatMap((g, i) => {
      const how = affects(change, g, before, after, diff.family);
      return how ? [{ group: i + 1, how }] : [];
    }),
  }));
}

/** `nat ISTIO_OUTPUT #4 -> #7` style: where the rule was and is. */
export function ruleWhere(c: RuleChange): string {
  switch (c.kind) {
    case 'added':
      return `${c.table} ${c.chain} new #${c.newIndex}`;
    case 'removed':
      return `${c.table} ${c.chain} old #${c.oldIndex}`;
    case 'moved':
      return `${c.table} ${c.chain} old #${c.oldIndex} -> new #${c.newIndex}`;
    case 'policy':
      return `${c.table} ${c.chain} policy ${c.oldPolicy} -> ${c.newPolicy}`;
    default: {
      const never: never = c;
      return never;
    }
  }
}
