// Where in the input a rule hit of a trace was written: the parser keeps each rule's line and column, and a built-in
// chain's policy is the `:CHAIN POLICY` line of its table. CI formats (SARIF) point at these lines.
import type { Counterexample } from '../../../model/invariants/index.ts';
import type { Family } from '../../../model/net/index.ts';
import type { Trace } from '../../../model/trace/index.ts';
import type { LoadedRules } from '../load.ts';

type RuleHit = Trace['hops'][number]['hits'][number];

export interface RuleLocation {
  readonly line: number;
  readonly column: number;
  /** `nat ISTIO_OUTPUT rule 4`, `nat OUTPUT policy`. */
  readonly name: string;
  /** The rule as the model prints it. */
  readonly rule: string;
}

/** The line of `:CHAIN ` inside the `*table` block of an iptables-save text (1-based), if there is one. */
function policyLine(text: string, table: string, chain: string): number | undefined {
  const lines = text.split('\n');
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('*')) inTable = l.slice(1).trim() === table;
    else if (inTable && l.startsWith(`:${chain} `)) return i + 1;
  }
  return undefined;
}

export function locateHit(rules: LoadedRules, family: Family, hit: RuleHit): RuleLocation | undefined {
  const chain = rules.rulesets
    .find((rs) => rs.family === family)
    ?.tables.find((t) => t.family === hit.table.family && t.name === hit.table.name)
    ?.chains.find((c) => c.name === hit.chain);
  if (!chain) return undefined;
  if (hit.kind === 'rule') {
    const pos = chain.rules[hit.index - 1]?.pos;
    return pos
      ? { line: pos.line, column: pos.column, name: `${hit.table.name} ${hit.chain} rule ${hit.index}`, rule: hit.rule }
      : undefined;
  }
  if (hit.kind !== 'policy') return undefined; // falling off a user chain is written nowhere
  const line = policyLine(rules.text, hit.table.name, hit.chain);
  return line === undefined
    ? undefined
    : { line, column: 1, name: `${hit.table.name} ${hit.chain} policy`, rule: hit.rule };
}

/**
 * The lines a counterexample's trace went through, in trace order without repeats, and the one that decided it: the
 * rule the model could not evaluate for an undetermined trace, else the last rule (or policy) its first hop met.
 */
export function counterexampleLocations(
  rules: LoadedRules,
  family: Family,
  cx: Counterexample,
): { primary?: RuleLocation; all: RuleLocation[] } {
  const seen = new Set<string>();
  const all: RuleLocation[] = [];
  for (const hop of cx.trace.hops) {
    for (const hit of hop.hits) {
      const at = locateHit(rules, hop.family, hit);
      if (!at || seen.has(at.name)) continue;
      seen.add(at.name);
      all.push(at);
    }
  }
  const d = cx.trace.disposition;
  const firstHits = cx.trace.hops[0]?.hits ?? [];
  const decisive =
    d.kind === 'undetermined' && d.at
      ? d.at
      : (firstHits.filter((h) => h.kind === 'rule').at(-1) ?? firstHits.filter((h) => h.kind === 'policy').at(-1));
  const primary = decisive ? locateHit(rules, cx.trace.hops[0]?.family ?? family, decisive) : undefined;
  return { ...(primary ? { primary } : {}), all };
}
