// Two rulesets in one pod world compared over every packet class (issue 14). The old world's classes are each split
// again by the new world's rules (partition with the old class as the only box), so every refined class has one fate
// under the old rules (its old class's, partition.ts) and one under the new (its own): comparing the two outcomes of
// each refined class compares every connection of the space. Classes whose outcome changes are grouped by the pair of
// outcome summaries (listeners passed, how the story ends); each group shows its simplest connection (representative.ts's order) traced under both rulesets.
// "Equivalent" is only said when both partitions are complete (no class cap reached) and no outcome changed.
import type { Family } from '../net/index.ts';
import { type Connection, simulate, type World } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import { worldCells } from './cells.ts';
import { outcomeKey, outcomeSummary } from './outcome.ts';
import { DEFAULT_MAX_CLASSES, partition } from './partition.ts';
import { simplestFirst } from './representative.ts';

export interface DiffGroup {
  /** `before -> after` in a reader's words. */
  readonly change: string;
  readonly before: string;
  readonly after: string;
  /**
   * Same listeners passed and same end, only the deciding rule (or a hop's detail) differs: shown apart from the
   * changes of fate so a reordered or rewritten exit rule does not drown them.
   */
  readonly exitRuleOnly: boolean;
  /** How many refined classes change this way. */
  readonly classes: number;
  readonly example: Connection;
  readonly oldTrace: Trace;
  readonly newTrace: Trace;
}

export interface WorldDiff {
  readonly family: Family;
  /** Refined classes: the common refinement of both rulesets' partitions. */
  readonly classes: number;
  /** Why the comparison is not a proof (a partition stopped at its cap), or null. */
  readonly sampled: string | null;
  /**
   * Refined classes whose story is undetermined under either ruleset (a construct the model does not cover): never
   * counted as equivalent, whatever their outcome strings say.
   */
  readonly undetermined: number;
  readonly groups: readonly DiffGroup[];
}

/**
 * `key` is what counts as the same fate: outcomeKey (deciding rules by their text) for two versions of one ruleset,
 * storyKey (no rules at all) for two rulesets in different languages.
 */
export function diffWorlds(
  before: World,
  after: World,
  family: Family,
  maxClasses = DEFAULT_MAX_CLASSES,
  key: (t: Trace) => string = outcomeKey,
): WorldDiff {
  const old = partition(before, family, { maxClasses });
  let sampled = old.sampled === null ? null : `old rules: ${old.sampled}`;
  let count = 0;
  let undetermined = 0;
  const byChange = new Map<string, Connection[]>();
  for (const k of old.classes) {
    const refined = partition(after, family, { maxClasses, boxes: [k.box] });
    if (refined.sampled !== null && sampled === null) sampled = `new rules: ${refined.sampled}`;
    const oldKey = key(k.trace);
    for (const r of refined.classes) {
      count++;
      const newKey = key(r.trace);
      if (k.trace.disposition.kind === 'undetermined' || r.trace.disposition.kind === 'undetermined') undetermined++;
      if (newKey === oldKey) continue;
      // Grouped by what a reader sees change (listeners passed, how it ends); the full outcomes stay on the group.
      const groupKey = `${outcomeSummary(k.trace)}\n${outcomeSummary(r.trace)}`;
      const members = byChange.get(groupKey) ?? [];
      members.push(r.representative);
      byChange.set(groupKey, members);
    }
  }
  const cells = worldCells(after, family);
  const groups: DiffGroup[] = [...byChange.values()].map((members) => {
    const example = simplestFirst(after, cells, family, members)[0]!;
    const oldTrace = simulate(before, example);
    const newTrace = simulate(after, example);
    const b = outcomeSummary(oldTrace);
    const a = outcomeSummary(newTrace);
    return {
      change: b === a ? `${b} (the deciding rules or hops differ)` : `${b} -> ${a}`,
      exitRuleOnly: b === a,
      // The example's own outcomes: the group's first member may have other actors or deciding rules than the
      // simplest connection shown (the group is keyed by what a reader sees change, not by the full outcome).
      before: outcomeKey(oldTrace),
      after: outcomeKey(newTrace),
      classes: members.length,
      example,
      oldTrace,
      newTrace,
    };
  });
  groups.sort((x, y) => y.classes - x.classes || x.change.localeCompare(y.change));
  return { family, classes: count, sampled, undetermined, groups };
}
