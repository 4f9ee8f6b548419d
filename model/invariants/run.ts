// Checks the catalog against a world over its packet classes (model/classes): every connection of the pod world's
// space is in one class and has its representative's fate, so checking each class's representative (at each port an
// invariant's scope names, classes/variants.ts) checks every connection. Each simulation is read by every invariant
// whose scope covers it. The old enumeration of a domain built from the rules' constants stays available
// (`over: 'domain'`) as a test oracle and for the mutation analysis. The first violation found is kept: classes are
// explored from the simplest representative on, so it is already a readable counterexample.

import {
  addressVariants,
  CLASS_FIELDS,
  type ClassAnalysis,
  normaliseSet,
  type PacketClass,
  type PortQuestions,
  partition,
  portQuestions,
  portVariants,
  simplestFirst,
  worldCells,
} from '../classes/index.ts';
import { type ChainObserver, compileRuleset } from '../kernel/index.ts';
import { cidrBounds, type Family } from '../net/index.ts';
import { type Connection, PORTS, simulate, type World } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import { type CaptureFinding, captureOf } from './capture.ts';
import { INVARIANTS } from './catalog.ts';
import { type DeadRule, deadRules, newReachability, observeEntry, type UndecidedRule } from './dead-rules.ts';
import { buildDomain, domainConnections } from './domain.ts';
import { type Intent, inferIntent } from './intent.ts';
import { interfaceConnections } from './interfaces.ts';
import { walkLaterPackets } from './later-packets.ts';
import { loopbackConnections } from './loopback.ts';
import { ownerGroupConnections } from './owner-groups.ts';
import { istiodAddresses, metricsPorts } from './scope.ts';
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

/** What the verdicts are quantified over. */
export type CheckBasis =
  | { readonly kind: 'proved'; readonly classes: number; readonly fields: readonly string[] }
  | { readonly kind: 'sampled'; readonly why: string; readonly classes: number }
  | { readonly kind: 'domain'; readonly why: string };

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
  const classes = options.over === 'domain' ? null : classCandidates(world, family, intent, scopePorts(ctx), observer);
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
  if (classes && lint) {
    // The partition saw every chain entry (observer); its representatives' hits are every hit of the space.
    for (const k of classes.analysis.classes)
      for (const hop of k.trace.hops) for (const h of hop.hits) reach.hits.add(h);
    // A class matches a run of same-target rules as one test: the rules of the run its connections match first.
    for (const h of classes.analysis.runHits) reach.hits.add(h);
  }
  const answers = new Map<PacketClass, Map<Invariant, boolean>>();
  /** Whether a class's representative is in the invariant's scope and holds it (then so does all of its class). */
  const holdsForClass = (inv: Invariant, k: PacketClass): boolean => {
    let byInv = answers.get(k);
    if (!byInv) {
      byInv = new Map();
      answers.set(k, byInv);
    }
    let ok = byInv.get(inv);
    if (ok === undefined) {
      ok = inv.inScope(k.representative, ctx) && inv.check(k.trace, k.representative, ctx).ok === true;
      byInv.set(inv, ok);
    }
    return ok;
  };
  for (const { connection: c, trace: known, variantOf, onLink } of candidates) {
    let wanted = active.filter((i) => {
      const t = tallies.get(i)!;
      return !t.violation && (!onLink || i.extraLinks === true) && i.inScope(c, ctx);
    });
    if (variantOf) {
      // Another port of a class (classes/variants.ts): an invariant decided by fate alone that its representative
      // holds, it holds too, so it is checked without a simulation. A failing one is simulated, so the counterexample
      // shown is this connection's own trace.
      wanted = wanted.filter((inv) => {
        if (!inv.byFate || !holdsForClass(inv, variantOf)) return true;
        tallies.get(inv)!.checked++;
        return false;
      });
    }
    // The classes do not cover the extra interfaces' links: their connections feed the lint here.
    const lintHere = lint && (!classes || onLink === true);
    if (wanted.length === 0 && !lintHere) continue;
    connections++;
    const trace = known ?? simulate(world, c, lintHere && observer ? { observer } : {});
    if (lintHere) {
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
  /** Its trace when already simulated (a class representative's). */
  readonly trace?: Trace;
  /** A connection on an extra interface's link (interfaces.ts), which only some invariants' scopes cover. */
  readonly onLink?: boolean;
  /** The class whose representative it is a port variant of. */
  readonly variantOf?: PacketClass;
}

function* domainCandidates(world: World, family: Family, intent: Intent): Generator<Candidate> {
  for (const connection of domainConnections(world, buildDomain(world, family, intent))) yield { connection };
}

function classCandidates(
  world: World,
  family: Family,
  intent: Intent,
  named: PortQuestions,
  observer: ChainObserver | undefined,
): { basis: CheckBasis; analysis: ClassAnalysis; candidates: Candidate[] } {
  const analysis = partition(world, family, observer ? { observer } : {});
  const basis: CheckBasis =
    analysis.sampled === null
      ? { kind: 'proved', classes: analysis.classes.length, fields: CLASS_FIELDS }
      : { kind: 'sampled', why: analysis.sampled, classes: analysis.classes.length };
  // The CIDRs a configuration excludes or includes are asked about even where the rules under test (a mutant, a
  // hand-edited dump) no longer name them, so no class boundary falls on them: classes/variants.ts.
  const cidrSets = [intent.outboundExcludedCidrs, intent.outboundCidrs === 'all' ? [] : intent.outboundCidrs]
    .map((cidrs) => normaliseSet(cidrs.filter((c) => c.addr.family === family).map(cidrBounds)))
    .filter((set) => set.length > 0);
  const classOf = new Map<Connection, PacketClass>();
  for (const k of analysis.classes) {
    const ports = portVariants(k, named);
    for (const c of [...ports, ...addressVariants(k, ports, cidrSets)]) classOf.set(c, k);
  }
  const candidates = simplestFirst(world, worldCells(world, family), family, [...classOf.keys()]).map(
    (connection): Candidate => {
      const k = classOf.get(connection)!;
      return k.representative === connection ? { connection, trace: k.trace } : { connection, variantOf: k };
    },
  );
  return { basis, analysis, candidates };
}
