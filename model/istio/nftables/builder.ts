// The rule list istio-nftables builds before it writes its transaction (tools/istio-nftables/pkg/builder/
// nftables_builder_impl.go at istio/istio 86c9f01): per table, rules in the order they were added, each appended or
// inserted at a 0-based index, with the IPv6 variants added only when IPv6 is enabled. Istio joins a rule's words
// with knftables.Concat (a space before each word once anything is written); the callers here write each rule as one
// template string, which gives the same text, an empty value included (two spaces), since no rule starts with one.

export type NftTableName = 'istio-proxy-nat' | 'istio-proxy-mangle' | 'istio-proxy-raw';

export interface BuiltRule {
  readonly chain: string;
  /** Set for an insert; the transaction turns it into an append where nft would refuse the index. */
  readonly index?: number;
  readonly text: string;
}

export class RuleBuilder {
  readonly rules: Record<NftTableName, BuiltRule[]> = {
    'istio-proxy-nat': [],
    'istio-proxy-mangle': [],
    'istio-proxy-raw': [],
  };

  constructor(private readonly ipv6: boolean) {}

  append(table: NftTableName, chain: string, text: string): void {
    this.rules[table].push({ chain, text });
  }

  insert(table: NftTableName, chain: string, index: number, text: string): void {
    this.rules[table].push({ chain, index, text });
  }

  appendV6(table: NftTableName, chain: string, text: string): void {
    if (this.ipv6) this.append(table, chain, text);
  }

  insertV6(table: NftTableName, chain: string, index: number, text: string): void {
    if (this.ipv6) this.insert(table, chain, index, text);
  }
}
