// Checks the catalog against a world over its packet classes (model/classes): every connection of the pod world's
// space is in one class and has its representative's fate, so checking each class's representative (at each port an
// invariant's scope names, classes/variants.ts) checks every connection. Each simulation is read by every invariant
// whose scope covers it. The old enumeration of a domain built from the rules' constants stays available
// (`over: 'domain'`) as a test oracle and for the mutation analysis. The first violation found is kept: classes are
// explored from the simplest representative on, so it is already a readable counterexample.

import { type PortQuestions, portQuestions } from '../classes/index.ts';
import { compileRuleset } from '../kernel/index.ts';
import type { Family } from '../net/index.ts';
import { type Connection, PORTS, simulate, type World } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import { type CaptureFinding, captureOf } from './capture.ts';
import { INVARIANTS } from './catalog.ts';
import { type CheckedClass, classCandidates, HOLDS, OUT_OF_SCOPE } from './class-answers.ts';
import { type DeadRule, deadRules, newReachability, observeEntry, type UndecidedRule } from './dead-rules.ts';
import { buildDomain, domainConnections } from './domain.ts';
import { type Intent, inferIntent } from './intent.ts';
import { interfaceConnections } from './interfaces.ts';
import { walkLaterPackets } from './later-packets.ts';
import { loopbackConnections } from './loopback.ts';
import { ownerGroupConnections } from './owner-groups.ts';
import { istiodAddresses, metricsPorts } from './scope.ts';
import { otherFamily } from './twin.ts';
import type { CheckBasis, InvariantContext, InvariantStatus } from './types.ts';

export type { CheckBasis } from './types.ts';

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
  /** Whether the rules capture anything (held to the intent when a configuration states it). */
  readonly capture: CaptureFinding;
  readonly basis: CheckBasis;
  readonly invariants: readonly InvariantReport[];
  readonly deadRules: readonly DeadRule[];
  /** Rules the lint cannot prove dead although no walk reached them, with why (never called dead). */
  readonly undecidedRules: readonly UndecidedRule[];
  readonly connections: number;
}

export interface CheckOptions {
  /** The intent to hold the rules to; defaults to what the world's own rules declare. */
  readonly intent?: Intent;
  /** The other family's intent, for dual-stack parity; defaults to what its rules declare. */
  readonly twinIntent?: Intent;
  readonly only?: readonly string[];
  readonly family?: Family;
  /** Skip the dead-rule lint (mutation testing does not need it). */
  readonly lint?: boolean;
  /** 'classes' (the default) proves over the packet classes; 'domain' enumerates the rules' constants. */
  readonly over?: 'classes' | 'domain';
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
  const ctx = invariantContext(world, family, intent, options.twinIntent);
  const selected = INVARIANTS.filter((i) => !options.only || options.only.includes(i.id));
  const active = selected.filter((i) => i.notApplicable(ctx) === null);
  const tallies: Tally[] = active.map(() => ({ checked: 0 }));
  const lint = options.lint ?? true;
  const reach = newReachability();
  const observer = lint
    ? (chain: Parameters<typeof observeEntry>[1], p: Parameters<typeof observeEntry>[2]) =>
        observeEntry(reach, chain, p)
    : undefined;
  let connections = 0;
  const classes =
    options.over === 'domain' ? null : classCandidates(ctx, active, scopePorts(ctx), lint ? reach : null, observer);
  const basis: CheckBasis = classes?.basis ?? {
    kind: 'domain',
    why: 'enumerated over the constants of the rules and the pod',
  };
  const candidates: Iterable<Candidate> = [
    ...(classes?.candidates ?? domainCandidates(world, family, intent)),
    ...interfaceConnections(world, family, ctx).map((connection) => ({ connection, onLink: true })),
    ...ownerGroupConnections(world, family, ctx).map((connection) => ({ connection })),
    ...loopbackConnections(world, family, ctx).map((connection) => ({ connection })),
  ];
  const record = (i: number, trace: Trace, c: Connection) => {
    const t = tallies[i]!;
    t.checked++;
    const r = active[i]!.check(trace, c, ctx);
    if (r.ok === false) t.violation = { connection: c, trace, why: r.why };
    else if (r.ok === 'undetermined') t.undetermined ??= { connection: c, trace, why: r.why };
  };
  for (const candidate of candidates) {
    const { connection: c, onLink } = candidate;
    const of = candidate.of;
    if (of !== undefined && candidate.representative === true) {
      // A class's representative was asked every invariant as the class was found (class-answers.ts): only a
      // failing answer is asked again, on the trace the class kept, so the counterexample is the first in order.
      let wanted = false;
      for (let i = 0; i < active.length; i++) {
        if (tallies[i]!.violation || of.answers[i] === OUT_OF_SCOPE) continue;
        wanted = true;
        if (of.answers[i] === HOLDS) tallies[i]!.checked++;
        else record(i, of.trace!, c);
      }
      if (wanted) connections++;
      continue;
    }
    const wanted: number[] = [];
    for (let i = 0; i < active.length; i++) {
      const inv = active[i]!;
      if (tallies[i]!.violation || (onLink && inv.extraLinks !== true) || !inv.inScope(c, ctx)) continue;
      // Another port of a class (classes/variants.ts): an invariant decided by fate alone that its representative
      // holds, it holds too, so it is checked without a simulation. A failing one is simulated, so the counterexample
      // shown is this connection's own trace.
      if (of !== undefined && inv.byFate && of.answers[i] === HOLDS) tallies[i]!.checked++;
      else wanted.push(i);
    }
    // The classes do not cover the extra interfaces' links: their connections feed the lint here.
    const lintHere = lint && (!classes || onLink === true);
    if (wanted.length === 0 && !lintHere) continue;
    connections++;
    const trace = simulate(world, c, lintHere && observer ? { observer } : {});
    if (lintHere) {
      // The answers walk the hooks too (raw PREROUTING's reply-zone rules, the proxy's `--sport 15053` rules).
      for (const hop of trace.hops) for (const h of [...hop.hits, ...(hop.reply?.hits ?? [])]) reach.hits.add(h);
    }
    for (const i of wanted) record(i, trace, c);
  }
  const invariants = selected.map((inv): InvariantReport => {
    const na = inv.notApplicable(ctx);
    const base = { id: inv.id, statement: inv.statement };
    if (na !== null) return { ...base, status: 'not-applicable', reason: na, checked: 0 };
    const t = tallies[active.indexOf(inv)]!;
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
  const capture = captureOf(ruleset ?? { family, tables: [] }, intent);
  if (lint) walkLaterPackets(reach);
  const found = lint ? deadRules(chains, reach) : { dead: [], cannotTell: [] };
  return {
    family,
    capture,
    basis,
    invariants,
    deadRules: found.dead,
    undecidedRules: found.cannotTell,
    connections,
  };
}

/**
 * The context the invariants read: the family's intent, and on a dual-stack world the other family's (given, or what
 * its rules declare), which the parity of the families compares against.
 */
export function invariantContext(world: World, family: Family, intent: Intent, twinIntent?: Intent): InvariantContext {
  const other = otherFamily(family);
  const twinRules = world.pod.rulesets[other];
  if (!twinRules) return { world, intent, family };
  return { world, intent, family, twin: { family: other, intent: twinIntent ?? inferIntent(twinRules) } };
}

/**
 * The ports the invariants' scopes name (scope.ts, catalog.ts): each is asked separately inside a class, but for the
 * configuration's port lists, which scopes only test membership of (classes/variants.ts).
 */
function scopePorts(ctx: InvariantContext): PortQuestions {
  const { world, intent } = ctx;
  return portQuestions(
    [
      ...metricsPorts(world),
      ...world.pod.app.ports,
      ...world.services.map((s) => s.vip.port),
      ...istiodAddresses(world).flatMap((x) => x.ports),
      ...(intent.tunnelPort === null ? [] : [intent.tunnelPort]),
      PORTS.outbound,
      PORTS.inbound,
    ],
    [
      intent.inboundExcludedPorts,
      intent.outboundExcludedPorts,
      intent.outboundIncludedPorts,
      intent.inboundPorts === 'all' ? [] : intent.inboundPorts,
    ],
  );
}

interface Candidate {
  readonly connection: Connection;
  /** A connection on an extra interface's link (interfaces.ts), which only some invariants' scopes cover. */
  readonly onLink?: boolean;
  /** The packet class it belongs to, and whether it is that class's representative. */
  readonly of?: CheckedClass;
  readonly representative?: boolean;
}

function* domainCandidates(world: World, family: Family, intent: Intent): Generator<Candidate> {
  for (const connection of domainConnections(world, buildDomain(world, family, intent))) yield { connection };
}
