// The nft syntax tree: what an nftables ruleset says, in the shape of libnftables' JSON schema (libnftables-json(5)),
// with source positions. All three input forms (`nft list ruleset` text, `nft -j list ruleset` JSON, and `nft -f`
// scripts such as Istio's goldens, replayed) end as one NftRuleset. Spelling variants that nft itself does not keep
// (quoting, `meta` before an unqualified key, hex or decimal, an explicit `==`) are not kept either; everything else
// is: statement order, prefixes as written, explicit dependencies such as `meta l4proto tcp` before `tcp dport`.
// `listingForm` (canonical.ts) turns a tree into what the kernel holds as nft lists it.
import type { Addr } from './addresses.ts';

/** Where something is in the source: 1-based line and column, and how many columns it spans (at least 1). */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';
export const NFT_FAMILIES: readonly NftFamily[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress' | 'egress';
export const NFT_HOOKS: readonly NftHook[] = [
  'prerouting',
  'input',
  'forward',
  'output',
  'postrouting',
  'ingress',
  'egress',
];

export type NftChainType = 'filter' | 'nat' | 'route';
export const NFT_CHAIN_TYPES: readonly NftChainType[] = ['filter', 'nat', 'route'];

/** The left side of a match, or the key of a `set` statement. */
export type NftExpr =
  /** `ip saddr`, `ip6 daddr`, `tcp dport`, `udp sport`, `th dport`: a header field. */
  | { readonly kind: 'payload'; readonly protocol: string; readonly field: string }
  /** `meta l4proto`, `iifname` (unqualified meta keys are written without `meta`), `meta skuid`, `meta mark`. */
  | { readonly kind: 'meta'; readonly key: string }
  /** `ct state`, `ct mark`, `ct zone`; `dir` for `ct original …` / `ct reply …`. */
  | { readonly kind: 'ct'; readonly key: string; readonly dir?: 'original' | 'reply' };

/** A right-hand side, read with the datatype of the expression it is compared with or assigned to. */
export type NftValue =
  | { readonly kind: 'number'; readonly value: number }
  /** A constant of the datatype (`tcp`, `established`, `ipv4`) or a name resolved at load time (a group name). */
  | { readonly kind: 'symbol'; readonly name: string }
  /** Interface names and other strings. */
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'address'; readonly addr: Addr }
  /** `10.0.0.0/8` with the address as written (nft masks it when it evaluates the rule). */
  | { readonly kind: 'prefix'; readonly addr: Addr; readonly length: number }
  | { readonly kind: 'range'; readonly from: NftValue; readonly to: NftValue }
  /** An anonymous set `{ 53, 15008 }`. */
  | { readonly kind: 'set'; readonly elements: readonly NftValue[] }
  /** A comma list without braces, for bitmask types: `established,related`. */
  | { readonly kind: 'list'; readonly elements: readonly NftValue[] }
  /** `@name`: a named set of the same table. */
  | { readonly kind: 'set-ref'; readonly name: string }
  /** An expression as a value: `ct mark set meta mark`. */
  | { readonly kind: 'expr'; readonly expr: NftExpr };

/**
 * `==` and `!=` compare; `in` is nft's implicit operator on bitmask types (`ct state established,related` tests
 * whether any of the bits is set), which an explicit `==` does not mean.
 */
export type NftOp = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'in';

export type NftVerdict = 'accept' | 'drop' | 'continue' | 'return';

export type NftStatement =
  | { readonly kind: 'match'; readonly at: Span; readonly left: NftExpr; readonly op: NftOp; readonly right: NftValue }
  /** Packet and byte counts as listed; absent in a script (the kernel starts them at 0). */
  | { readonly kind: 'counter'; readonly at: Span; readonly packets?: number; readonly bytes?: number }
  | { readonly kind: 'verdict'; readonly at: Span; readonly verdict: NftVerdict }
  | { readonly kind: 'jump' | 'goto'; readonly at: Span; readonly target: string }
  /** `redirect [to :port]`; no port keeps the destination port. */
  | { readonly kind: 'redirect'; readonly at: Span; readonly port?: NftValue }
  /** `tproxy [ip|ip6] to [addr][:port]`. */
  | {
      readonly kind: 'tproxy';
      readonly at: Span;
      readonly family?: 'ip' | 'ip6';
      readonly addr?: Addr;
      readonly port?: number;
    }
  /** `meta mark set 1337`, `ct zone set 1`, `ct mark set meta mark` (libnftables calls it `mangle`). */
  | { readonly kind: 'set'; readonly at: Span; readonly key: NftExpr; readonly value: NftValue }
  /**
   * Valid nft that this model does not understand, kept verbatim: nft text, or with `source: 'json'` the JSON it was
   * read from (which the text printer can only write as it is: such a tree has no faithful nft text).
   */
  | { readonly kind: 'unsupported'; readonly at: Span; readonly text: string; readonly source?: 'json' };

export type NftStatementKind = NftStatement['kind'];

export interface NftRule {
  readonly at: Span;
  readonly statements: readonly NftStatement[];
  /** The kernel's handle: from `# handle N`, the JSON, or as the kernel would assign it when a script is replayed. */
  readonly handle?: number;
  readonly comment?: string;
}

export interface NftBaseChain {
  readonly type: NftChainType;
  readonly hook: NftHook;
  /** The number (symbolic priorities such as `dstnat` or `mangle - 5` are resolved per family and hook). */
  readonly priority: number;
  /** As written; a base chain without one accepts (nft lists `policy accept;`). */
  readonly policy?: 'accept' | 'drop';
  /** netdev and ingress chains. */
  readonly devices?: readonly string[];
}

export interface NftChain {
  readonly name: string;
  readonly at: Span;
  readonly handle?: number;
  /** Present for base chains, which the kernel calls at their hook; regular chains are reached by jump/goto. */
  readonly base?: NftBaseChain;
  readonly rules: readonly NftRule[];
}

export interface NftSet {
  readonly name: string;
  readonly at: Span;
  readonly handle?: number;
  /** The element type as written (`ipv4_addr`, `inet_service`, `ipv4_addr . inet_service`). */
  readonly type: string;
  readonly flags: readonly string[];
  readonly elements: readonly NftValue[];
}

/** A table-level object this model does not understand (map, flowtable, named counter, quota…), kept verbatim. */
export interface NftUnsupportedObject {
  readonly at: Span;
  readonly text: string;
  readonly source?: 'json';
}

export interface NftTable {
  readonly family: NftFamily;
  readonly name: string;
  readonly at: Span;
  readonly handle?: number;
  readonly flags: readonly string[];
  readonly sets: readonly NftSet[];
  readonly chains: readonly NftChain[];
  readonly unsupported: readonly NftUnsupportedObject[];
}

export interface NftRuleset {
  readonly tables: readonly NftTable[];
}

/** Which of the three forms a text is in. */
export type NftFormat = 'nft-ruleset' | 'nft-script' | 'nft-json';
