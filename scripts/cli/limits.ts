// Resource limits as typed refusals: before work that would exceed a bound, stop with exit 2 and a message that
// names the part of the input that caused it and what to do, instead of running for minutes and dying in V8
// (issue 18: 1,000 rules in a chain nothing jumps to ran out of memory after 205 s; a 50 MB dump took 1.8 GB).
import type { Family } from '../../model/net/index.ts';
import type { Chain, Ruleset, Table } from '../../model/rules/index.ts';
import { CliError } from './exit.ts';

/** A sidecar's dump has tens of rules and a node's a few thousand; beyond this parsing alone takes many seconds. */
export const MAX_RULE_LINES = 50_000;
const n = (x: number) => x.toLocaleString('en-US');

/** Refuses before parsing an input with more rule lines than any real ruleset has. Linear scan, no allocation. */
export function checkInputSize(text: string, label: string): void {
  let rules = 0;
  for (let i = 0; i !== -1 && i < text.length; i = text.indexOf('\n', i) + 1 || -1) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c === 45 && (d === 65 || d === 73)) rules++; // "-A" or "-I"
  }
  if (rules > MAX_RULE_LINES) {
    throw new CliError(
      `${label} has ${n(rules)} rules (limit ${n(MAX_RULE_LINES)}); a sidecar's dump has tens and a node's a few thousand: dump one pod's network namespace (nsenter -t PID -n iptables-save) rather than the whole node`,
    );
  }
}

function reachable(table: Table): Set<string> {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  const seen = new Set<string>();
  const visit = (c: Chain | undefined) => {
    if (!c || seen.has(c.name)) return;
    seen.add(c.name);
    for (const r of c.rules)
      if (r.target.kind === 'jump' || r.target.kind === 'goto') visit(byName.get(r.target.chain));
  };
  for (const c of table.chains) if (c.policy !== null) visit(c);
  return seen;
}

/**
 * What a check over packet classes costs, estimated from the chains a packet can reach (model/classes/partition.ts):
 * each constant a reachable rule matches (an address range, a port, an id) cuts off a few more classes, about 18 per
 * exclusion CIDR on istio-1.25 (test/classes/growth.test.ts), and each class is one walk through the rules before its
 * decision. Chains nothing jumps to cost nothing: no packet enters them.
 */
export function checkWork(rs: Ruleset): { classes: number; rules: number; constants: number; heaviest?: Chain } {
  let rules = 0;
  let constants = 0;
  let heaviest: { chain: Chain; constants: number } | undefined;
  for (const table of rs.tables) {
    const live = reachable(table);
    for (const chain of table.chains) {
      if (!live.has(chain.name)) continue;
      rules += chain.rules.length;
      let own = 0;
      for (const r of chain.rules)
        for (const m of r.matches)
          if (m.kind === 'port' || m.kind === 'owner' || m.kind === 'source' || m.kind === 'destination') own++;
      constants += own;
      if (!heaviest || own > heaviest.constants) heaviest = { chain, constants: own };
    }
  }
  const classes = BASE_CLASSES + CLASSES_PER_CONSTANT * constants;
  return { classes, rules, constants, ...(heaviest ? { heaviest: heaviest.chain } : {}) };
}

/** istio-1.25 has 2,152 classes; each exclusion CIDR adds 18 (test/classes/growth.test.ts): 20 leaves a margin. */
const BASE_CLASSES = 2_500;
const CLASSES_PER_CONSTANT = 20;
/**
 * Class walks times rules walked, per family. istio-1.25 plus 1,000 exclusion CIDRs estimates about 23M and took
 * 13 s of CPU (`npm run bench:scale`); this bounds a check to about a minute.
 */
export const MAX_WORK = 100_000_000;

/** Refuses a check whose class partition would exceed MAX_WORK, naming the chain to blame. */
export function checkClassWork(rs: Ruleset, family: Family, label: string): void {
  const w = checkWork(rs);
  const work = w.classes * Math.max(1, w.rules);
  if (work <= MAX_WORK) return;
  const where = w.heaviest
    ? ` Most come from chain ${w.heaviest.name} (${n(w.heaviest.rules.length)} rules${
        w.heaviest.rules[0]?.pos ? ` from line ${w.heaviest.rules[0].pos.line}` : ''
      }).`
    : '';
  throw new CliError(
    `${label}: checking the ${family} rules would walk about ${n(w.classes)} packet classes through ${n(w.rules)} reachable rules (${work.toExponential(1)} rule steps, limit ${MAX_WORK.toExponential(1)}): the reachable rules match ${n(w.constants)} addresses, ports and ids.${where} Remove the rules the pod does not use, or look at single connections with trace and single rules with explain.`,
  );
}
