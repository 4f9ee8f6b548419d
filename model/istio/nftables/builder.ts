// The rule list istio-nftables builds before it writes its transaction (tools/istio-nftables/pkg/builder/
// nftables_builder_impl.go at istio/istio 86c9f01): per table, rules in the order they were added, each appended or
// inserted at a 0-based index, with the IPv6 variants added only when IPv6 is enabled.

export type NftTableName = 'istio-proxy-nat' | 'istio-proxy-mangle' | 'istio-proxy-raw';

export interface BuiltRule {
  readonly chain: string;
  /** Set for an insert; the transaction turns it into an append where nft would refuse the index. */
  readonly index?: number;
  /** The rule's text: the words joined as knftables.Concat joins them. */
  readonly text: string;
}

/** knftables.Concat over a string list (util.go, knftables v0.0.21): a space before each word once anything is written. */
export function concat(words: readonly string[]): string {
  let out = '';
  for (const word of words) {
    if (out.length > 0) out += ' ';
    out += word;
  }
  return out;
}

export class RuleBuilder {
  readonly rules: Record<NftTableName, BuiltRule[]> = {
    'istio-proxy-nat': [],
    'istio-proxy-mangle': [],
    'istio-proxy-raw': [],
  };

  constructor(private readonly ipv6: boolean) {}

  append(table: NftTableName, chain: string, ...words: string[]): void {
    this.rules[table].push({ chain, text: concat(words) });
  }

  insert(table: NftTableName, chain: string, index: number, ...words: string[]): void {
    this.rules[table].push({ chain, index, text: concat(words) });
  }

  appendV6(table: NftTableName, chain: string, ...words: string[]): void {
    if (this.ipv6) this.append(table, chain, ...words);
  }

  insertV6(table: NftTableName, chain: string, index: number, ...words: string[]): void {
    if (this.ipv6) this.insert(table, chain, index, ...words);
  }
}
