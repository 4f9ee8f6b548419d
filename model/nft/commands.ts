// An nft script as the commands it runs, in order (what `nft -f` would send as one transaction). A `table … { … }`
// block, which is also what `nft list ruleset` prints, becomes the same commands: add the table, its sets, its chains,
// then every chain's rules (nft_cmd_expand in nftables' src/cmd.c orders them so, letting rules jump forward).
import type { NftBaseChain, NftFamily, NftRule, NftSet, NftUnsupportedObject, NftValue, Span } from './types.ts';

interface Where {
  readonly at: Span;
  readonly family: NftFamily;
}

export type NftCommand =
  | (Where & {
      readonly op: 'add' | 'create';
      readonly what: 'table';
      readonly name: string;
      readonly flags?: readonly string[];
      readonly handle?: number;
    })
  | (Where & { readonly op: 'flush' | 'delete' | 'destroy'; readonly what: 'table'; readonly name: string })
  | (Where & {
      readonly op: 'add' | 'create';
      readonly what: 'chain';
      readonly table: string;
      readonly name: string;
      readonly base?: NftBaseChain;
      readonly handle?: number;
    })
  | (Where & {
      readonly op: 'flush' | 'delete' | 'destroy';
      readonly what: 'chain';
      readonly table: string;
      readonly name: string;
    })
  | (Where & {
      readonly op: 'add' | 'insert';
      readonly what: 'rule';
      readonly table: string;
      readonly chain: string;
      /** `index N` (0-based rule position) or `position H` (a rule handle); absent: append (add) or prepend (insert). */
      readonly place?: { readonly by: 'index' | 'position'; readonly value: number; readonly at: Span };
      readonly rule: NftRule;
    })
  | (Where & {
      readonly op: 'replace';
      readonly what: 'rule';
      readonly table: string;
      readonly chain: string;
      readonly handle: number;
      readonly rule: NftRule;
    })
  | (Where & {
      readonly op: 'delete' | 'destroy';
      readonly what: 'rule';
      readonly table: string;
      readonly chain: string;
      readonly handle: number;
    })
  | (Where & { readonly op: 'add' | 'create'; readonly what: 'set'; readonly table: string; readonly set: NftSet })
  | (Where & {
      readonly op: 'add' | 'delete';
      readonly what: 'element';
      readonly table: string;
      readonly set: string;
      readonly elements: readonly NftValue[];
    })
  | { readonly op: 'flush'; readonly what: 'ruleset'; readonly at: Span; readonly family?: NftFamily }
  | (Where & {
      readonly op: 'add';
      readonly what: 'unsupported';
      readonly table: string;
      readonly object: NftUnsupportedObject;
    });
