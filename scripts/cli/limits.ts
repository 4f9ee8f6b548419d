// Resource limits as typed refusals: before work that would exceed a bound, stop with exit 2 and a message that
// names the part of the input that caused it and what to do, instead of running for minutes and dying in V8
// (issue 18: 1,000 rules in a chain nothing jumps to ran out of memory after 205 s; a 50 MB dump took 1.8 GB).
import { buildDomain } from '../../model/invariants/index.ts';
import type { Family } from '../../model/net/index.ts';
import type { World } from '../../model/pod/index.ts';
import type { Chain, Ruleset, Table } from '../../model/rules/index.ts';
import { CliError } from './exit.ts';

/** A sidecar's dump has tens of rules and a node's a few thousand; beyond this parsing alone takes many seconds. */
export const MAX_RULE_LINES = 50_000;
/**
 * Connections `check` may enumerate per family (the estimate below, an upper bound). The built-in profiles need
 * about 3,000; istio-1.25 plus 40 rules naming new addresses and ports estimates 147,000 and took 2.8 s of CPU, so
 * this bounds a check to about 20 s.
 */
export const MAX_CONNECTIONS = 1_000_000;

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

/** The chain whose rules name the most constants (ports, ids, addresses), which the message blames. */
function heaviestChain(rs: Ruleset): { table: Table; chain: Chain; constants: number } | undefined {
  let best: { table: Table; chain: Chain; constants: number } | undefined;
  for (const table of rs.tables)
    for (const chain of table.chains) {
      let constants = 0;
      for (const r of chain.rules)
        for (const m of r.matches)
          if (m.kind === 'port' || m.kind === 'owner' || m.kind === 'source' || m.kind === 'destination') constants++;
      if (!best || constants > best.constants) best = { table, chain, constants };
    }
  return best;
}

/** Refuses a check whose enumeration of connections would exceed MAX_CONNECTIONS, naming the chain to blame. */
export function checkEnumerationSize(world: World, rs: Ruleset, family: Family, label: string): void {
  const d = buildDomain(world, family);
  const connections = 2 * d.uids.length * d.gids.length * d.binds.length * d.podDestinations.length * d.ports.length;
  if (connections <= MAX_CONNECTIONS) return;
  const heavy = heaviestChain(rs);
  const where = heavy
    ? ` Most come from chain ${heavy.chain.name} of the ${heavy.table.name} table (${n(heavy.chain.rules.length)} rules${
        heavy.chain.rules[0]?.pos ? ` from line ${heavy.chain.rules[0].pos.line}` : ''
      })${reachable(heavy.table).has(heavy.chain.name) ? '' : ', which no built-in chain jumps to'}.`
    : '';
  throw new CliError(
    `${label}: checking the ${family} rules would try about ${connections.toExponential(1)} connections (limit ${n(MAX_CONNECTIONS)}): the rules name ${n(d.uids.length)} uids, ${n(d.gids.length)} gids, ${n(d.podDestinations.length)} addresses and ${n(d.ports.length)} ports.${where} Remove the chains the pod does not use, or look at single connections with trace and single rules with explain.`,
  );
}
