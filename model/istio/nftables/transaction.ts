// The transaction text istio-nftables hands to `nft -f` (addIstio{Nat,Mangle,Raw}TableRules and addIstioTableRules in
// tools/istio-nftables/pkg/capture/run.go at istio/istio 86c9f01, printed by knftables v0.0.21's Transaction.String):
// per table with rules, `add table`, `flush table`, each chain that has rules in a fixed order, then the rules.
import type { BuiltRule, NftTableName, RuleBuilder } from './builder.ts';

interface ChainDecl {
  readonly name: string;
  /** knftables writes a base chain's named priority as its number (ParsePriority). */
  readonly base?: { readonly type: string; readonly hook: string; readonly priority: number };
}

const PREROUTING = 'prerouting';
const OUTPUT = 'output';

const CHAINS: Readonly<Record<NftTableName, readonly ChainDecl[]>> = {
  'istio-proxy-nat': [
    { name: PREROUTING, base: { type: 'nat', hook: 'prerouting', priority: -100 } },
    { name: OUTPUT, base: { type: 'nat', hook: 'output', priority: -100 } },
    { name: 'istio-inbound' },
    { name: 'istio-redirect' },
    { name: 'istio-in-redirect' },
    { name: 'istio-output' },
    { name: 'istio-output-dns' },
  ],
  'istio-proxy-mangle': [
    { name: PREROUTING, base: { type: 'filter', hook: 'prerouting', priority: -150 } },
    { name: OUTPUT, base: { type: 'route', hook: 'output', priority: -150 } },
    { name: 'istio-divert' },
    { name: 'istio-tproxy' },
    { name: 'istio-inbound' },
    { name: 'istio-drop' },
  ],
  'istio-proxy-raw': [
    { name: PREROUTING, base: { type: 'filter', hook: 'prerouting', priority: -300 } },
    { name: OUTPUT, base: { type: 'filter', hook: 'output', priority: -300 } },
    { name: 'istio-inbound' },
    { name: 'istio-output-dns' },
  ],
};

const TABLE_ORDER: readonly NftTableName[] = ['istio-proxy-nat', 'istio-proxy-mangle', 'istio-proxy-raw'];

function tableLines(table: NftTableName, rules: readonly BuiltRule[]): string[] {
  const perChain = new Map<string, number>();
  for (const r of rules) perChain.set(r.chain, (perChain.get(r.chain) ?? 0) + 1);
  const chains = CHAINS[table].filter((c) => (perChain.get(c.name) ?? 0) > 0);
  // A table is written only when one of its known chains has rules.
  if (chains.length === 0) return [];
  const lines = [`add table inet ${table}`, `flush table inet ${table}`];
  for (const c of chains) {
    const base = c.base ? ` { type ${c.base.type} hook ${c.base.hook} priority ${c.base.priority} ; }` : '';
    lines.push(`add chain inet ${table} ${c.name}${base}`);
  }
  const written = new Map<string, number>();
  for (const r of rules) {
    const count = written.get(r.chain) ?? 0;
    // nft refuses an index on an empty chain or past its last rule, so istio-nftables appends instead (#58135).
    const insert = r.index !== undefined && count > 0 && r.index < count;
    lines.push(
      insert
        ? `insert rule inet ${table} ${r.chain} index ${r.index} ${r.text}`
        : `add rule inet ${table} ${r.chain} ${r.text}`,
    );
    written.set(r.chain, count + 1);
  }
  return lines;
}

export function transactionLines(builder: RuleBuilder): string[] {
  return TABLE_ORDER.flatMap((t) => tableLines(t, builder.rules[t]));
}
