// The iptables view of the ruleset stage's types: its fixed table names and built-in chains. The types themselves
// (Ruleset, Table, Chain, Rule, Match, Target) are the format-independent ones of model/ruleset.
import type { Hook, IptablesTableName } from '../ruleset/index.ts';
import { IPTABLES_BUILTIN_CHAINS, IPTABLES_TABLE_NAMES } from '../ruleset/index.ts';

export type {
  BaseChain,
  BaseHook,
  Chain,
  CtState,
  Match,
  MatchKind,
  OwnerCriterion,
  Policy,
  Range,
  Rule,
  Ruleset,
  SourcePos,
  Table,
  TableFamily,
  TableRef,
  Target,
  TargetKind,
} from '../ruleset/index.ts';
export { iptablesBaseHook, iptablesFamily } from '../ruleset/index.ts';

export type TableName = IptablesTableName;
export const TABLE_NAMES: readonly TableName[] = IPTABLES_TABLE_NAMES;

/** An iptables built-in chain is named after its hook. */
export type BuiltinChainName = Hook;

/** The built-in chains each table has, in the order iptables-save prints them. */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly BuiltinChainName[]>> = IPTABLES_BUILTIN_CHAINS;

export type DumpFormat = 'iptables-save' | 'iptables-s' | 'iptables-restore' | 'istio-golden';
