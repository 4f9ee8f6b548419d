// Checks the catalog against a world by enumerating the domain: one simulation per connection, every invariant
// whose scope covers it reads the same trace. The first violation found is the simplest (the domain is ordered
// simplest first), so it is already a readable counterexample.

import { compileRuleset } from '../kernel/index.ts';
import type { Family } from '../net/index.ts';
import { type Connection, simulate, type World } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import { INVARIANTS } from './catalog.ts';
import { type DeadRule, deadRules, newReachability, observeEntry } from './dead-rules.ts';
import { buildDomain, domainConnections } from './domain.ts';
import { type Intent, inferIntent } from './intent.ts';
import { walkLaterPackets } from './later-packets.ts';
import type { Invariant, InvariantContext, InvariantStatus } from './types.ts';

export interface Counterexample {
  readonly connection: Connection;
  readonly trace: Trace;
  readonly why: string;
}

export interface InvariantReport {
  readonly id: string;
  readonly statement: string;
  readonly status: InvariantStatus;
  /** Why it does not apply, or why it could not be decided. */
  readonly reason?: string;
  /** How many connections of its scope were checked. */
  readonly checked: number;
  readonly counterexample?: Counterexample;
}

export interface CheckReport {
  readonly family: Family;
  readonly invariants: readonly InvariantReport[];
  readonly deadRules: readonly DeadRule[];
  readonly connections: number;
}

export interface CheckOptions {
  /** The intent to hold the rules to; defaults to what the world's own rules declare. */
  readonly intent?: Intent;
  readonly only?: readonly string[];
  readonly family?: Family;
  /** Skip the dead-rule lint (mutation testing does not need it). */
  readonly lint?: boolean;
}

interface Tally {
  checked: number;
  violation?: Counterexample;
  undetermined?: Counterexample;
}

export function checkWorld(world: World, options: CheckOptions = {}): CheckReport {
  const family = options.family ?? (world.pod.rulesets.ipv4 ? 'ipv4' : 'ipv6');
  const ruleset = world.pod.rulesets[family];
  const intent = options.intent ?? (ruleset ? inferIntent(ruleset) : inferIntent({ family, tables: [] }));
  const ctx: InvariantContext = { world, intent, family };
  const selected = INVARIANTS.filter((i) => !options.only || options.only.includes(i.id));
  const active = selected.filter((i) => i.notApplicable(ctx) === null);
  const tallies = new Map<Invariant, Tally>(active.map((i) => [i, { checked: 0 }]));
  const lint = options.lint ?? true;
  const reach = newReachability();
  const observer = lint
    ? (chain: Parameters<typeof observeEntry>[1], p: Parameters<typeof observeEntry>[2]) =>
        observeEntry(reach, chain, p)
    : undefined;
  let connections = 0;
  for (const c of domainConnections(world, buildDomain(world, family))) {
    const wanted = active.filter((i) => {
      const t = tallies.get(i)!;
      return !t.violation && i.inScope(c, ctx);
    });
    if (wanted.length === 0 && !lint) continue;
    connections++;
    const trace = simulate(world, c, observer ? { observer } : {});
    if (lint) {
      // The answers walk the hooks too (raw PREROUTING's reply-zone rules, the proxy's `--sport 15053` rules).
      for (const hop of trace.hops) for (const h of [...hop.hits, ...(hop.reply?.hits ?? [])]) reach.hits.add(h);
    }
    for (const inv of wanted) {
      const t = tallies.get(inv)!;
      t.checked++;
      const r = inv.check(trace, c, ctx);
      if (r.ok === false) t.violation = { connection: c, trace, why: r.why };
      else if (r.ok === 'undetermined') t.undetermined ??= { connection: c, trace, why: r.why };
    }
  }
  const invariants = selected.map((inv): InvariantReport => {
    const na = inv.notApplicable(ctx);
    const base = { id: inv.id, statement: inv.statement };
    if (na !== null) return { ...base, status: 'not-applicable', reason: na, checked: 0 };
    const t = tallies.get(inv)!;
    if (t.violation) return { ...base, status: 'violated', checked: t.checked, counterexample: t.violation };
    if (t.undetermined) {
      return {
        ...base,
        status: 'undetermined',
        reason: t.undetermined.why,
        checked: t.checked,
        counterexample: t.undetermined,
      };
    }
    if (t.checked === 0) {
      return {
        ...base,
        status: 'not-applicable',
        reason: 'no connection of the domain falls in its scope',
        checked: 0,
      };
    }
    return { ...base, status: 'holds', checked: t.checked };
  });
  const compiled = ruleset ? compileRuleset(ruleset) : null;
  const chains = compiled ? Object.values(compiled.tables).flatMap((t) => [...(t?.chains.values() ?? [])]) : [];
  if (lint) walkLaterPackets(reach);
  return { family, invariants, deadRules: lint ? deadRules(chains, reach) : [], connections };
}
