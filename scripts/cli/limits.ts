// Resource limits as typed refusals: before work that would exceed a bound, stop with exit 2 and a message that
// names the part of the input that caused it and what to do, instead of running for minutes and dying in V8
// (issue 18: 1,000 rules in a chain nothing jumps to ran out of memory after 205 s; a 50 MB dump took 1.8 GB).
import { findRuns } from '../../model/kernel/index.ts';
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
 * CIDR on istio-1.25 (test/classes/growth.test.ts), and each class is one walk through the rules before its decision.
 * A run of same-target rules (model/kernel/runs.ts: istio-iptables' -x CIDR and -b port lists) is one test for the
 * classes, so it counts as one rule with one constant however long it is. Chains nothing jumps to cost nothing: no
 * packet enters them.
 */
export function checkWork(rs: Ruleset): { classes: number; rules: number; constants: number; heaviest?: Chain } {
  let rules = 0;
  let constants = 0;
  let heaviest: { chain: Chain; constants: number } | undefined;
  for (const table of rs.tables) {
    const live = reachable(table);
    for (const chain of table.chains) {
      if (!live.has(chain.name)) continue;
      const inRun = new Set<number>();
      for (const run of findRuns(chain.rules)) for (let k = run.first + 1; k <= run.last; k++) inRun.add(k);
      rules += chain.rules.length - inRun.size;
      let own = 0;
      chain.rules.forEach((r, k) => {
        if (inRun.has(k)) return;
        for (const m of r.matches)
          if (m.kind === 'port' || m.kind === 'owner' || m.kind === 'source' || m.kind === 'destination') own++;
      });
      constants += own;
      if (!heaviest || own > heaviest.constants) heaviest = { chain, constants: own };
    }
  }
  const classes = BASE_CLASSES + CLASSES_PER_CONSTANT * constants;
  return { classes, rules, constants, ...(heaviest ? { heaviest: heaviest.chain } : {}) };
}

/** istio-1.25 has 2,152 classes; each CIDR or list adds 18 (test/classes/growth.test.ts): 20 leaves a margin. */
const BASE_CLASSES = 2_500;
const CLASSES_PER_CONSTANT = 20;
/**
 * Class walks times rules walked, per family. istio-1.25 plus 1,000 exclusion CIDRs walked rule by rule (before runs
 * were one test) estimated about 23M and took 13 s of CPU (`npm run bench:scale`); this bounds a check to about a
 * minute. A list of 5,000 CIDRs and one of 5,000 ports now estimate about 0.2M.
 */
export const MAX_WORK = 100_000_000;

/**
 * Classes each application port adds: the pod world gives the application a listener and a `self` Service port on
 * each (model/pod/world.ts, defaultServices), and the CLI takes them from a configuration's -b list. Measured:
 * istio-1.25 with a 500-port -b list has 121,534 classes, about 240 per port.
 */
const CLASSES_PER_APP_PORT = 250;
/** Beyond this the partition stops and calls the check sampled (model/classes/partition.ts, DEFAULT_MAX_CLASSES). */
export const MAX_CLASSES = 200_000;

/**
 * Refuses a check whose class partition would exceed MAX_WORK or MAX_CLASSES, naming the chain (or the application
 * ports) to blame. Thousands of -b ports read back from a dump are kept as the application's listeners rather than
 * shortened to a sample: a port left without a listener would make Envoy's forwarded connections fail there, a false
 * alarm on a correct configuration. So the refusal names the flag that fixes it, with a port from the list.
 */
export function checkClassWork(rs: Ruleset, family: Family, label: string, appPorts: readonly number[] = []): void {
  const w = checkWork(rs);
  const byPorts = CLASSES_PER_APP_PORT * appPorts.length;
  const classes = w.classes + byPorts;
  const work = classes * Math.max(1, w.rules);
  if (work <= MAX_WORK && classes <= MAX_CLASSES) return;
  if (byPorts > w.classes) {
    throw new CliError(
      `${label}: checking the ${family} rules would walk about ${n(classes)} packet classes (limit ${n(MAX_CLASSES)}): the application listens on ${n(appPorts.length)} ports (taken from the configuration's inbound port list, -b), each its own listener and Service port, about ${CLASSES_PER_APP_PORT} classes each. Give the port the application really listens on with --app-port (for example --app-port ${appPorts[0]}, the list's first port): the rules are still checked for every port of the list, which they treat as one set. Or look at single connections with trace.`,
    );
  }
  const where = w.heaviest
    ? ` Most come from chain ${w.heaviest.name} (${n(w.heaviest.rules.length)} rules${
        w.heaviest.rules[0]?.pos ? ` from line ${w.heaviest.rules[0].pos.line}` : ''
      }).`
    : '';
  throw new CliError(
    `${label}: checking the ${family} rules would walk about ${n(classes)} packet classes through ${n(w.rules)} reachable rules (${work.toExponential(1)} rule steps, limit ${MAX_WORK.toExponential(1)}): the reachable rules match ${n(w.constants)} addresses, ports and ids (a list of rules that differ only in one address or port counts once).${where} Remove the rules the pod does not use, or look at single connections with trace and single rules with explain.`,
  );
}
