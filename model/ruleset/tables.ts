// Tables, chains and rules as netfilter holds them, whatever tool wrote them. A table has an address family and a
// name; a base chain is registered at one hook with a priority and a type; a user chain is only reached by jumps.
// iptables' tables are the case where names, hooks and priorities are fixed (iptables-tables.ts); nft's tables name
// all of them freely (nft(8), "CHAINS": `type filter|nat|route hook ... priority ...; policy ...`).
import type { Family } from '../net/index.ts';
import type { Match, SourcePos, Target } from './rule-parts.ts';

/** The five inet hooks (include/uapi/linux/netfilter.h, enum nf_inet_hooks), named as iptables names its chains. */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/**
 * nft's table families (nft(8), "ADDRESS FAMILIES"). iptables writes `ip` tables and ip6tables `ip6` tables; `inet`
 * tables see both. arp, bridge and netdev tables never see the pod's IP packets at the inet hooks: the kernel stage
 * walks no chain of theirs.
 */
export type TableFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

/** Which packets a table of this family is shown: `ip` IPv4, `ip6` IPv6, `inet` both. */
export function familyServes(table: TableFamily, packet: Family): boolean {
  if (table === 'inet') return true;
  return (table === 'ip' && packet === 'ipv4') || (table === 'ip6' && packet === 'ipv6');
}

/** nft's chain types: nat chains are consulted only to set up a NAT binding; route chains re-route in OUTPUT. */
export type ChainType = 'filter' | 'nat' | 'route';

export type Policy = 'ACCEPT' | 'DROP';

/** Where a base chain is registered. Lower priorities run first (net/netfilter/core.c, nf_hook_entries_grow). */
export interface BaseHook {
  readonly hook: Hook;
  readonly priority: number;
  readonly type: ChainType;
}

export interface Rule {
  readonly matches: readonly Match[];
  readonly target: Target;
  /** Where the rule was written (1-based); absent for rules built in code. Not part of a rule's identity. */
  readonly pos?: SourcePos;
  /** The rule as its own tool lists it, when that is not iptables (nft rules); traces name the rule with it. */
  readonly text?: string;
}

interface ChainBody {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** A base chain has a hook and a policy; a user chain has neither (it returns to its caller at its end). */
export type Chain =
  | (ChainBody & {
      readonly base: BaseHook;
      readonly policy: Policy;
      /** The policy as its own tool lists it, when that is not iptables (`policy accept` for nft); traces show it. */
      readonly policyText?: string;
    })
  | (ChainBody & { readonly base: null; readonly policy: null });

export type BaseChain = Extract<Chain, { base: BaseHook }>;

export interface Table {
  readonly family: TableFamily;
  readonly name: string;
  /** Base chains first, then user chains in declaration order (iptables-save's order for iptables tables). */
  readonly chains: readonly Chain[];
}

/** A table named as the kernel tells tables apart: by family and name. */
export interface TableRef {
  readonly family: TableFamily;
  readonly name: string;
}

export const tableRef = (table: TableRef): TableRef => ({ family: table.family, name: table.name });

export const sameTable = (a: TableRef, b: TableRef): boolean => a.family === b.family && a.name === b.name;

/**
 * The tables the packets of one address family can meet (for iptables, one family's dump). A table that is absent
 * was never loaded and is not walked; an `inet` table may appear in the rulesets of both families.
 */
export interface Ruleset {
  readonly family: Family;
  readonly tables: readonly Table[];
}
