// The rule side of a diff: which rules were added, removed or moved between two rulesets of one family, by table and
// chain with their 1-based numbers on each side. It reads the drift comparison (model/istio's compareRulesets: rules
// kept in order are the longest common subsequence of each chain's rule texts; a text found on both sides outside it
// moved), so `diff` and drift name rule changes the same way. A rule rewritten in place is one removal and one addition.
import { compareRulesets, type DriftItem, type RuleRef } from '../istio/index.ts';
import type { Family } from '../net/index.ts';
import type { Ruleset, TableName } from '../rules/index.ts';

export type RuleChange =
  | {
      readonly kind: 'added';
      readonly table: TableName;
      readonly chain: string;
      readonly newIndex: number;
      readonly text: string;
    }
  | {
      readonly kind: 'removed';
      readonly table: TableName;
      readonly chain: string;
      readonly oldIndex: number;
      readonly text: string;
    }
  | {
      readonly kind: 'moved';
      readonly table: TableName;
      readonly chain: string;
      readonly oldIndex: number;
      readonly newIndex: number;
      readonly text: string;
    }
  | {
      readonly kind: 'policy';
      readonly table: TableName;
      readonly chain: string;
      readonly oldPolicy: string;
      readonly newPolicy: string;
      readonly text: string;
    };

const removed = (r: RuleRef): RuleChange => ({
  kind: 'removed',
  table: r.table,
  chain: r.chain,
  oldIndex: r.index,
  text: r.text,
});
const added = (r: RuleRef): RuleChange => ({
  kind: 'added',
  table: r.table,
  chain: r.chain,
  newIndex: r.index,
  text: r.text,
});

function changesOf(item: DriftItem): RuleChange[] {
  switch (item.kind) {
    case 'missing':
      return [removed(item.expected)];
    case 'extra':
      return [added(item.actual)];
    case 'changed':
      return [removed(item.expected), added(item.actual)];
    case 'moved':
      return [
        {
          kind: 'moved',
          table: item.expected.table,
          chain: item.expected.chain,
          oldIndex: item.expected.index,
          newIndex: item.actual.index,
          text: item.expected.text,
        },
      ];
    case 'policy':
      return [
        {
          kind: 'policy',
          table: item.chain.table,
          chain: item.chain.chain,
          oldPolicy: item.expected,
          newPolicy: item.actual,
          text: `:${item.chain.chain} ${item.actual}`,
        },
      ];
    // A chain present on one side only: its rules are listed one by one as added or removed.
    case 'missing-chain':
    case 'extra-chain':
      return [];
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** Rule changes from `before` to `after` in one family: chain by chain, in the order of each chain's rules. */
export function ruleChanges(before: Ruleset | undefined, after: Ruleset | undefined, family: Family): RuleChange[] {
  const drift = compareRulesets(before ? [before] : [], after ? [after] : []);
  return drift.items.filter((i) => itemFamily(i) === family).flatMap(changesOf);
}

function itemFamily(item: DriftItem): Family {
  switch (item.kind) {
    case 'missing':
    case 'changed':
    case 'moved':
      return item.expected.family;
    case 'extra':
      return item.actual.family;
    default:
      return item.chain.family;
  }
}
