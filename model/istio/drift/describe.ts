// One line per drift item, for people: which rule, where, and what happened to it.
import type { Drift, DriftItem, RuleRef } from './types.ts';

const where = (r: RuleRef) => `${r.family === 'ipv6' ? 'ip6tables ' : ''}${r.table} ${r.chain} #${r.index}`;

export function describeDriftItem(item: DriftItem): string {
  switch (item.kind) {
    case 'missing':
      return `missing at ${where(item.expected)}: ${item.expected.text}`;
    case 'extra':
      return `extra at ${where(item.actual)}: ${item.actual.text}`;
    case 'changed':
      return `changed at ${where(item.expected)}: expected ${item.expected.text} but found ${item.actual.text}`;
    case 'moved': {
      const past =
        item.crossed.length > 0 ? ` (past ${item.crossed.map((c) => `#${c.index} ${c.text}`).join(', ')})` : '';
      return `moved from ${where(item.expected)} to #${item.actual.index}: ${item.expected.text}${past}`;
    }
    case 'missing-chain':
      return `missing chain ${item.chain.table} ${item.chain.chain}${item.chain.family === 'ipv6' ? ' (ip6tables)' : ''}`;
    case 'extra-chain':
      return `extra chain ${item.chain.table} ${item.chain.chain}${item.chain.family === 'ipv6' ? ' (ip6tables)' : ''}`;
    case 'policy':
      return `policy of ${item.chain.table} ${item.chain.chain} is ${item.actual}, expected ${item.expected}`;
    default: {
      const never: never = item;
      return String(never);
    }
  }
}

export function describeDrift(drift: Drift): string[] {
  const lines = drift.items.map(describeDriftItem);
  for (const f of drift.notInDump)
    lines.push(`not compared: the dump has no ${f === 'ipv4' ? 'iptables' : 'ip6tables'} rules`);
  return lines;
}
