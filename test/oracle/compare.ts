// Turns the observations' `CHAIN#n` (original numbering) into the exact hits the harness must report for a possibly
// edited ruleset: the rule text comes from the original, the position from the loaded text (oracle/OBSERVATIONS.md,
// "Rule numbers shift after edits").
import type { ObservedHop, OracleHit } from '../../oracle/index.ts';
import type { DocHop } from './expected.ts';

function chainRules(rules: string, chain: string): string[] {
  return rules
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.split(/\s+/)[0] === '-A' && line.split(/\s+/)[1] === chain);
}

export function ruleAt(rules: string, ref: string): { chain: string; rule: string } {
  const [chain, n] = ref.split('#') as [string, string];
  const rule = chainRules(rules, chain)[Number(n) - 1];
  if (rule === undefined) throw new Error(`no rule ${ref}`);
  return { chain, rule };
}

/** The original rules text without the rules named by original position, e.g. 'ISTIO_OUTPUT#4'. */
export function deleteRules(rules: string, ...refs: string[]): string {
  const doomed = new Set(refs.map((r) => ruleAt(rules, r).rule));
  return rules
    .split('\n')
    .filter((line) => !doomed.has(line.trim()))
    .join('\n');
}

const byPosition = (a: OracleHit, b: OracleHit) =>
  `${a.table} ${a.chain} ${String(a.index).padStart(4, '0')}`.localeCompare(
    `${b.table} ${b.chain} ${String(b.index).padStart(4, '0')}`,
  );

export function expectedHits(refs: readonly string[], original: string, loaded: string): OracleHit[] {
  return refs
    .map((ref) => {
      const { chain, rule } = ruleAt(original, ref);
      const index = chainRules(loaded, chain).indexOf(rule) + 1;
      if (index === 0) throw new Error(`${ref} (${rule}) is not in the loaded ruleset`);
      return { table: 'nat', chain, index, rule };
    })
    .sort(byPosition);
}

/** The comparable core of an observed hop: id, source address, sorted hits, outcome (errors by code). */
export function comparable(hop: ObservedHop) {
  const o = hop.outcome;
  const outcome =
    o.kind === 'accepted'
      ? {
          kind: o.kind,
          listener: o.listener,
          local: `${o.localAddr}:${o.localPort}`,
          ...(o.origDst === undefined ? {} : { orig: `${o.origDst}:${o.origDport}` }),
        }
      : o.kind === 'error'
        ? { kind: o.kind, code: o.message.split(':')[0] }
        : { kind: o.kind };
  return { id: hop.id, srcAddr: hop.source?.addr, hits: [...hop.hits].sort(byPosition), outcome };
}

export function expected(doc: DocHop, original: string, loaded: string) {
  return { id: doc.hop.id, srcAddr: doc.srcAddr, hits: expectedHits(doc.hits, original, loaded), outcome: doc.outcome };
}
