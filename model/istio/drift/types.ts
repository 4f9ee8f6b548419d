// Drift between the rules a configuration generates and the rules a dump holds, as data: each item names the
// chain, the rule's 1-based position and its iptables-save text, on the side(s) where it is.

import type { TableName } from '../../rules/index.ts';
import type { TableFamily } from '../../ruleset/index.ts';
import type { Family } from '../addresses.ts';

export interface RuleRef {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  /** 1-based position in the chain. */
  readonly index: number;
  /** The rule as iptables-save prints it (`-A CHAIN …`): what rules are compared by, in either language. */
  readonly text: string;
  /** Native nftables rules: the table's nft family, and the rule as nft writes it, which is what a reader is shown. */
  readonly nft?: { readonly family: TableFamily; readonly text: string };
}

export interface ChainRef {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  /** Native nftables rules: the table's nft family (`inet istio-proxy-nat`). */
  readonly nftFamily?: TableFamily;
}

export type DriftItem =
  /** Generated, not in the dump. */
  | { readonly kind: 'missing'; readonly expected: RuleRef }
  /** In the dump, not generated (a hand edit, another tool's rule). */
  | { readonly kind: 'extra'; readonly actual: RuleRef }
  /** At the place of a generated rule, a different one. */
  | { readonly kind: 'changed'; readonly expected: RuleRef; readonly actual: RuleRef }
  /** The same rule at another place; `crossed` are the rules it moved past. */
  | {
      readonly kind: 'moved';
      readonly expected: RuleRef;
      readonly actual: RuleRef;
      readonly crossed: readonly RuleRef[];
    }
  | { readonly kind: 'missing-chain'; readonly chain: ChainRef }
  | { readonly kind: 'extra-chain'; readonly chain: ChainRef }
  /** A built-in chain's policy differs (Istio leaves every policy ACCEPT). */
  | { readonly kind: 'policy'; readonly chain: ChainRef; readonly expected: string; readonly actual: string };

export interface Drift {
  readonly items: readonly DriftItem[];
  /** Families present on both sides, and so compared. */
  readonly compared: readonly Family[];
  /** A family the configuration writes rules for but the dump does not contain (not compared: never assumed empty). */
  readonly notInDump: readonly Family[];
  /** Both sides were native nftables rules (compareRulesets' `native`). */
  readonly native?: boolean;
}
