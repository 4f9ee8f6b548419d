// What a rule is made of, whatever syntax it was written in: its matches (each a discriminated union member, one per
// kind) and its target. iptables' parser and (later) nft's both build these; the kernel stage evaluates them.
import type { Addr, Cidr } from '../net/index.ts';

export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/** Inclusive range, used for ports, uids and gids. A single value is {from: v, to: v}. */
export interface Range {
  readonly from: number;
  readonly to: number;
}

export type CtState = 'INVALID' | 'NEW' | 'ESTABLISHED' | 'RELATED' | 'UNTRACKED' | 'SNAT' | 'DNAT';

export interface OwnerCriterion {
  readonly range: Range;
  readonly negated: boolean;
}

export type Match =
  | { readonly kind: 'source'; readonly negated: boolean; readonly cidr: Cidr }
  | { readonly kind: 'destination'; readonly negated: boolean; readonly cidr: Cidr }
  /** `name` may end in "+", which matches every interface starting with the rest. */
  | { readonly kind: 'in-interface'; readonly negated: boolean; readonly name: string }
  | { readonly kind: 'out-interface'; readonly negated: boolean; readonly name: string }
  /** protocol is the IANA number, or 'all'; `name` is how it was written (tcp, 6, all). */
  | { readonly kind: 'protocol'; readonly negated: boolean; readonly protocol: number | 'all'; readonly name: string }
  /**
   * tcp/udp `--dport`/`--sport` (module 'tcp' | 'udp') and multiport `--dports`/`--sports`/`--ports`
   * (direction 'either' for `--ports`). One range for tcp/udp; up to 15 entries for multiport.
   */
  | {
      readonly kind: 'port';
      readonly module: 'tcp' | 'udp' | 'multiport';
      readonly direction: 'destination' | 'source' | 'either';
      readonly negated: boolean;
      readonly ranges: readonly Range[];
    }
  /** One `-m owner` with its criteria; an omitted criterion is not tested (xt_owner's info->match bits). */
  | {
      readonly kind: 'owner';
      readonly uid?: OwnerCriterion;
      readonly gid?: OwnerCriterion;
      readonly socketExists?: { readonly negated: boolean };
      readonly supplGroups?: boolean;
      /**
       * nft's `meta skuid`/`meta skgid` (net/netfilter/nft_meta.c, nft_meta_get_eval_skugid): a packet without a
       * full socket ends the rule (NFT_BREAK) whatever the operator, so `skuid != 1337` does not match it either.
       */
      readonly nft?: true;
    }
  | { readonly kind: 'mark'; readonly negated: boolean; readonly value: number; readonly mask: number }
  | { readonly kind: 'connmark'; readonly negated: boolean; readonly value: number; readonly mask: number }
  | { readonly kind: 'conntrack'; readonly negated: boolean; readonly states: readonly CtState[] }
  | { readonly kind: 'comment'; readonly text: string }
  /** Kept verbatim; a traversal that has to evaluate it is undetermined. */
  | { readonly kind: 'unsupported'; readonly module: string; readonly text: string };

export type MatchKind = Match['kind'];

export type Target =
  /** No -j: the rule only counts, and traversal continues. */
  | { readonly kind: 'none' }
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'reject'; readonly with?: string }
  | { readonly kind: 'return' }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string }
  /** No toPorts: the destination port is kept. */
  | { readonly kind: 'redirect'; readonly toPorts?: Range; readonly random?: boolean }
  | { readonly kind: 'dnat'; readonly toAddr?: Addr; readonly toPorts?: Range }
  | { readonly kind: 'snat'; readonly toAddr?: Addr; readonly toPorts?: Range }
  | { readonly kind: 'masquerade'; readonly toPorts?: Range }
  | {
      readonly kind: 'tproxy';
      readonly onPort: number;
      readonly onIp?: Addr;
      readonly mark?: { readonly value: number; readonly mask: number };
      /**
       * nft's `tproxy … accept`: without a transparent socket the tproxy expression ends the rule (NFT_BREAK,
       * net/netfilter/nft_tproxy.c) and the chain goes on, where xt_TPROXY drops the packet.
       */
      readonly nft?: true;
    }
  /** MARK, normalised to xt_MARK's form: mark = (mark & ~mask) ^ value (as iptables-save prints --set-xmark). */
  | { readonly kind: 'mark'; readonly value: number; readonly mask: number }
  | { readonly kind: 'connmark-set'; readonly value: number; readonly mask: number }
  | { readonly kind: 'connmark-save'; readonly nfmask: number; readonly ctmask: number }
  | { readonly kind: 'connmark-restore'; readonly nfmask: number; readonly ctmask: number }
  /**
   * CT: attaches a conntrack template (xt_CT.c): its zone decides where conntrack looks the packet up; --notrack
   * leaves it untracked. `zoneUnmodelled` marks a zone the model does not follow (--zone mark, --zone-orig,
   * --zone-reply). Options kept verbatim for printing.
   */
  | {
      readonly kind: 'ct';
      readonly options: string;
      readonly zone?: number;
      readonly notrack?: boolean;
      readonly zoneUnmodelled?: boolean;
    }
  /** LOG, NFLOG and TRACE never change the verdict. */
  | { readonly kind: 'log'; readonly module: 'LOG' | 'NFLOG' | 'TRACE'; readonly options: string }
  | { readonly kind: 'unsupported'; readonly name: string; readonly text: string };

export type TargetKind = Target['kind'];
