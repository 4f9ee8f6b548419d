// Two rulesets in one pod world compared over every packet class (issue 14). The old world's classes are each split
// again by the new world's rules (partition with the old class as the only box), so every refined class has one fate
// under the old rules (its old class's, partition.ts) and one under the new (its own): comparing the two outcomes of
// each refined class compares every connection of the space. Classes whose outcome changes are grouped by the pair of
// each class by what a reviewer sees change (change.ts: from the first hop whose story differs, who opened it, and a
// loop whatever its length), the full outcome pairs kept on the group; each group shows its simplest connection
// (representative.ts's order) traced under both rulesets.
// "Equivalent" is only said when both partitions are complete (no class cap reached) and no outcome changed.
import type { Family } from '../net/index.ts';
import { type Connection, simulate, type World } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import { worldCells } from './cells.ts';
import { type StoryChange, storyChange } from './change.ts';
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
  /**
   * The change from the first hop whose story differs, as the simplest connection lives it: whose connection and its
   * story before and after, a loop whatever its length (change.ts); null when only the deciding rules differ. Other
   * members may change at another actor's hop (outcomes says whose).
   */
  readonly story: StoryChange | null;
  /** How many refined classes change this way. */
  readonly classes: number;
  /**
   * The members' whole stories before and after (listeners passed, end) and whose connection changed in them (the
   * actor's id, '-' when only rules differ), with their class counts, most first.
   */
  readonly outcomes: readonly {
    readonly opener: string;
    readonly before: string;
    readonly after: string;
    readonly classes: number;
  }[];
  readonly example: Connection;
  readonly oldTrace: Trace;
  readonly newTrace: Trace;
}

interface Members {
  readonly story: StoryChange | null;
  readonly connections: Connection[];
  readonly outcomes: Map<string, number>;
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
  const old = partition(before, family, { maxClasses, runs: false });
  let sampled = old.sampled === null ? null : `old rules: ${old.sampled}`;
  let count = 0;
  let undetermined = 0;
  const byChange = new Map<string, Members>();
  for (const k of old.classes) {
    const refined = partition(after, family, { maxClasses, boxes: [k.box], runs: false });
    if (refined.sampled !== null && sampled === null) sampled = `new rules: ${refined.sampled}`;
    const oldKey = key(k.trace);
    for (const r of refined.classes) {
      count++;
      const newKey = key(r.trace);
      if (k.trace.disposition.kind === 'undetermined' || r.trace.disposition.kind === 'undetermined') undetermined++;
      if (newKey === oldKey) continue;
      const story = storyChange(k.trace, r.trace);
      // Not keyed by whose connection changes: "now loops" from one story is one group whoever opened the hop.
      const groupKey = story ? `${story.before}\n${story.after}` : `\n${outcomeSummary(k.trace)}`;
      const members = byChange.get(groupKey) ?? {
        story,
        connections: [] as Connection[],
        outcomes: new Map<string, number>(),
      };
      members.connections.push(r.representative);
      const whole = `${story?.opener ?? '-'}\n${outcomeSummary(k.trace)}\n${outcomeSummary(r.trace)}`;
      members.outcomes.set(whole, (members.outcomes.get(whole) ?? 0) + 1);
      byChange.set(groupKey, members);
    }
  }
  const cells = worldCells(after, family);
  const groups: DiffGroup[] = [...byChange.values()].map(({ story, connections, outcomes }) => {
    const example = simplestFirst(after, cells, family, connections)[0]!;
    const oldTrace = simulate(before, example);
    const newTrace = simulate(after, example);
    const same = outcomeSummary(oldTrace);
    return {
      change: story ? `${story.before} -> ${story.after}` : `${same} (the deciding rules or hops differ)`,
      exitRuleOnly: story === null,
      // In the example's own words (a process's label names its uid and gid).
      story: story === null ? null : (storyChange(oldTrace, newTrace) ?? story),
      // The example's own outcomes: other members may have other actors or deciding rules than the simplest
      // connection shown (the group is keyed by what a reader sees change, not by the full outcome).
      before: outcomeKey(oldTrace),
      after: outcomeKey(newTrace),
      classes: connections.length,
      outcomes: [...outcomes]
        .map(([whole, classes]) => {
          const [opener, b, a] = whole.split('\n') as [string, string, string];
          return { opener, before: b, after: a, classes };
        })
        .sort((x, y) => y.classes - x.classes || x.before.localeCompare(y.before) || x.after.localeCompare(y.after)),
      example,
      oldTrace,
      newTrace,
    };
  });
  groups.sort((x, y) => y.classes - x.classes || x.change.localeCompare(y.change));
  return { family, classes: count, sampled, undetermined, groups };
}

/** Whose connections a group changes: the simplest connection's actor, and the other members' ids when they differ. */
export function whoseConnections(g: DiffGroup): string {
  const others = [...new Set(g.outcomes.map((o) => o.opener))].filter((id) => id !== g.story?.opener);
  const own = `${g.story?.openerLabel ?? '?'}'s connections`;
  return others.length === 0 ? own : `${own} (and ${others.join(', ')}'s)`;
}
