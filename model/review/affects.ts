// Which changed groups of a diff each rule change affects, and how (issue 14's rule view). A group is affected by a
// change when the group's representative connection hits that rule, under the old rules for a removed or moved rule
// or under the new rules for an added or moved one ("hit"); or, when neither trace hits it, when applying that one
// change alone to the old rules already changes the representative's fate ("alone": the rule's presence or absence
// explains it, e.g. a removed RETURN that the old trace never reached because an earlier rule decided); or, failing
// both, when taking that one change back from the new rules changes the new fate ("with-others": it explains the
// group only together with other changes, e.g. deleting both of two RETURN rules that each catch Envoy). A change
// for which none of the three holds is not listed against the group.
import type { DiffGroup } from '../classes/index.ts';
import { outcomeKey } from '../classes/index.ts';
import type { Family } from '../net/index.ts';
import { simulate, type World } from '../pod/index.ts';
import type { Chain, Ruleset, TableName } from '../rules/index.ts';
import type { Trace } from '../trace/index.ts';
import type { RuleChange } from './rule-changes.ts';

export type Affect = 'hit' | 'alone' | 'with-others';

function hits(trace: Trace, table: TableName, chain: string, index: number): boolean {
  return trace.hops.some((h) =>
    h.hits.some((x) => x.kind === 'rule' && x.table.name === table && x.chain === chain && x.index === index),
  );
}

function withChain(rs: Ruleset, table: TableName, chain: string, f: (c: Chain) => Chain): Ruleset | null {
  const c = rs.tables.find((t) => t.name === table)?.chains.find((x) => x.name === chain);
  if (!c) return null;
  return {
    ...rs,
    tables: rs.tables.map((t) =>
      t.name !== table ? t : { ...t, chains: t.chains.map((x) => (x.name === chain ? f(x) : x)) },
    ),
  };
}

const ruleAt = (rs: Ruleset, table: TableName, chain: string, index: number) =>
  rs.tables.find((t) => t.name === table)?.chains.find((x) => x.name === chain)?.rules[index - 1];

type Edit =
  | { readonly op: 'remove'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly from: Ruleset; readonly fromIndex: number }
  | { readonly op: 'move'; readonly from: number; readonly to: number }
  | { readonly op: 'policy'; readonly policy: string };

/** The change as an edit of OLD (forward) or of NEW (undo: NEW with only this change taken back). */
function editOf(change: RuleChange, before: Ruleset, after: Ruleset, undo: boolean): Edit {
  switch (change.kind) {
    case 'removed':
      return undo
        ? { op: 'insert', at: change.oldIndex, from: before, fromIndex: change.oldIndex }
        : { op: 'remove', at: change.oldIndex };
    case 'added':
      return undo
        ? { op: 'remove', at: change.newIndex }
        : { op: 'insert', at: change.newIndex, from: after, fromIndex: change.newIndex };
    case 'moved':
      return undo
        ? { op: 'move', from: change.newIndex, to: change.oldIndex }
        : { op: 'move', from: change.oldIndex, to: change.newIndex };
    case 'policy':
      return { op: 'policy', policy: undo ? change.oldPolicy : change.newPolicy };
    default: {
      const never: never = change;
      return never;
    }
  }
}

/** `rs` with one edit in the change's chain (null when the chain is not there: a chain one side lacks). */
function applyEdit(rs: Ruleset, table: TableName, chain: string, e: Edit): Ruleset | null {
  const rule = e.op === 'insert' ? ruleAt(e.from, table, chain, e.fromIndex) : undefined;
  if (e.op === 'insert' && !rule) return null;
  return withChain(rs, table, chain, (c) => {
    const rules = [...c.rules];
    switch (e.op) {
      case 'remove':
        rules.splice(e.at - 1, 1);
        break;
      case 'insert':
        rules.splice(Math.min(e.at - 1, rules.length), 0, rule!);
        break;
      case 'move': {
        const [moved] = rules.splice(e.from - 1, 1);
        rules.splice(Math.min(e.to - 1, rules.length), 0, moved!);
        break;
      }
      case 'policy':
        return c.policy === null ? c : { ...c, policy: e.policy as typeof c.policy };
    }
    return { ...c, rules };
  });
}

/** OLD with only this change applied, or NEW with only this change taken back (`undo`). */
export function applyAlone(before: Ruleset, after: Ruleset, change: RuleChange, undo = false): Ruleset | null {
  return applyEdit(undo ? after : before, change.table, change.chain, editOf(change, before, after, undo));
}

function withRuleset(world: World, family: Family, rs: Ruleset): World {
  return { ...world, pod: { ...world.pod, rulesets: { ...world.pod.rulesets, [family]: rs } } };
}

/** How `change` affects `group`, or null when it does not. */
export function affects(
  change: RuleChange,
  group: DiffGroup,
  before: World,
  after: World,
  family: Family,
): Affect | null {
  const oldHit =
    (change.kind === 'removed' || change.kind === 'moved') &&
    hits(group.oldTrace, change.table, change.chain, change.oldIndex);
  const newHit =
    (change.kind === 'added' || change.kind === 'moved') &&
    hits(group.newTrace, change.table, change.chain, change.newIndex);
  if (oldHit || newHit) return 'hit';
  const oldRs = before.pod.rulesets[family];
  const newRs = after.pod.rulesets[family];
  if (!oldRs || !newRs) return null;
  const forward = applyAlone(oldRs, newRs, change);
  if (
    forward &&
    outcomeKey(simulate(withRuleset(before, family, forward), group.example)) !== outcomeKey(group.oldTrace)
  )
    return 'alone';
  const undone = applyAlone(oldRs, newRs, change, true);
  if (undone && outcomeKey(simulate(withRuleset(after, family, undone), group.example)) !== outcomeKey(group.newTrace))
    return 'with-others';
  return null;
}
