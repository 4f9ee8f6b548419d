// One line per drift item, for people: which rule, where, and what happened to it.
import type { ChainRef, Drift, DriftItem, RuleRef } from './types.ts';

// Native nftables rules are named as nft names them (`inet istio-proxy-nat istio-output #9: counter jump …`);
// iptables rules as iptables-save writes them, with ip6tables said for IPv6.
const where = (r: RuleRef) =>
  r.nft
    ? `${r.nft.family} ${r.table} ${r.chain} #${r.index}`
    : `${r.family === 'ipv6' ? 'ip6tables ' : ''}${r.table} ${r.chain} #${r.index}`;
const text = (r: RuleRef) => r.nft?.text ?? r.text;
const chainWhere = (c: ChainRef) =>
  c.nftFamily
    ? `${c.nftFamily} ${c.table} ${c.chain}`
    : `${c.table} ${c.chain}${c.family === 'ipv6' ? ' (ip6tables)' : ''}`;

export function describeDriftItem(item: DriftItem): string {
  switch (item.kind) {
    case 'missing':
      return `missing at ${where(item.expected)}: ${text(item.expected)}`;
    case 'extra':
      return `extra at ${where(item.actual)}: ${text(item.actual)}`;
    case 'changed':
      return `changed at ${where(item.expected)}: expected ${text(item.expected)} but found ${text(item.actual)}`;
    case 'moved': {
      const past =
        item.crossed.length > 0 ? ` (past ${item.crossed.map((c) => `#${c.index} ${text(c)}`).join(', ')})` : '';
      return `moved from ${where(item.expected)} to #${item.actual.index}: ${text(item.expected)}${past}`;
    }
    case 'missing-chain':
      return `missing chain ${chainWhere(item.chain)}`;
    case 'extra-chain':
      return `extra chain ${chainWhere(item.chain)}`;
    case 'policy': {
      const policy = (p: string) => (item.chain.nftFamily ? `policy ${p.toLowerCase()}` : p);
      return `policy of ${chainWhere(item.chain)} is ${policy(item.actual)}, expected ${policy(item.expected)}`;
    }
    default: {
      const never: never = item;
      return String(never);
    }
  }
}

export function describeDrift(drift: Drift): string[] {
  const lines = drift.items.map(describeDriftItem);
  for (const f of drift.notInDump)
    lines.push(
      drift.native
        ? `not compared: the dump has no nftables table that sees ${f === 'ipv4' ? 'IPv4' : 'IPv6'} packets`
        : `not compared: the dump has no ${f === 'ipv4' ? 'iptables' : 'ip6tables'} rules`,
    );
  return lines;
}
