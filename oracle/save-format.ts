// Just enough of the iptables-save format to number rules: `*table`, `:CHAIN POLICY [p:b]`, `[p:b] -A CHAIN ...`,
// `COMMIT`. Rule positions are 1-based per chain, in file order, which is the kernel's evaluation order.

export interface SavedRule {
  readonly table: string;
  readonly chain: string;
  readonly index: number;
  /** The `-A ...` line without a counter prefix. */
  readonly rule: string;
  /** Packet counter when the text came from `-c`. */
  readonly packets?: number;
}

export function ruleKey(table: string, chain: string, index: number): string {
  return `${table}\u0000${chain}\u0000${index}`;
}

const COUNTED = /^\[(\d+):(\d+)\]\s+(-A\s.*)$/;

export function parseSave(text: string): { tables: string[]; rules: SavedRule[] } {
  const tables: string[] = [];
  const rules: SavedRule[] = [];
  const positions = new Map<string, number>();
  let table: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) {
      table = line.slice(1);
      tables.push(table);
      continue;
    }
    const counted = COUNTED.exec(line);
    const rule = counted ? counted[3]! : line.startsWith('-A ') ? line : undefined;
    if (rule === undefined || table === undefined) continue;
    const chain = rule.split(/\s+/)[1] ?? '';
    const index = (positions.get(`${table}\u0000${chain}`) ?? 0) + 1;
    positions.set(`${table}\u0000${chain}`, index);
    rules.push(counted ? { table, chain, index, rule, packets: Number(counted[1]) } : { table, chain, index, rule });
  }
  return { tables, rules };
}

/** Built-in chains per table, for emptying a table that a reload no longer mentions. */
const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/**
 * iptables-restore replaces only the tables its input names. To make a reload mean "the ruleset is now exactly this",
 * append an empty section (built-in chains, policy ACCEPT, no rules) for every table loaded before but absent now.
 */
export function withEmptiedTables(rules: string, previouslyLoaded: readonly string[]): string {
  const present = new Set(parseSave(rules).tables);
  const sections = previouslyLoaded
    .filter((t) => !present.has(t))
    .map((t) => [`*${t}`, ...(BUILTIN_CHAINS[t] ?? []).map((c) => `:${c} ACCEPT [0:0]`), 'COMMIT'].join('\n'));
  const base = rules.endsWith('\n') ? rules : `${rules}\n`;
  return sections.length === 0 ? base : `${base}${sections.join('\n')}\n`;
}
