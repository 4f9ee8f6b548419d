// The connections the coverage replays: every scenario, a fixed-seed stream from the property arbitraries (TCP only,
// the unreplayable ones kept as skipped with their reason), and the same on edited and mutated rulesets.
import fc from 'fast-check';
import { buildDomain } from '../model/invariants/index.ts';
import { generateMutants } from '../model/mutate/index.ts';
import { parseAddr } from '../model/net/index.ts';
import { type Connection, makeWorld, type World } from '../model/pod/index.ts';
import { findProfile, type Profile, profileRuleset } from '../model/profiles/index.ts';
import { deleteRules, printRuleset, type Ruleset } from '../model/rules/index.ts';
import { SCENARIOS } from '../model/scenarios/index.ts';
import { anyConnectionArb } from '../properties/index.ts';
import { type CaseSet, type PreparedCase, prepareCase } from './coverage-case.ts';
import { REMOTE_ADDR } from './topology.ts';

/** A ruleset the kernel loads with the model world built on it. */
export interface Variant {
  readonly profile: Profile;
  /** `as shipped`, `delete ISTIO_OUTPUT#4`, or a mutant id. */
  readonly name: string;
  readonly world: World;
  readonly rules: string;
}

export const AS_SHIPPED = 'as shipped';

export function requireProfile(name: string): Profile {
  const p = findProfile(name);
  if (!p) throw new Error(`no profile ${name}`);
  return p;
}

/** The profile's own rules text (as Istio writes it) is what the kernel loads; the model parses the same text. */
export function shipped(profile: Profile): Variant {
  const world = makeWorld({ rulesets: { ipv4: profileRuleset(profile) }, envoy: profile.envoy });
  return { profile, name: AS_SHIPPED, world, rules: profile.rulesText };
}

/** A changed ruleset: the kernel loads the model's own printing of it, so both sides run the same rules. */
export function variant(profile: Profile, name: string, ruleset: Ruleset): Variant {
  const world = makeWorld({ rulesets: { ipv4: ruleset }, envoy: profile.envoy });
  return { profile, name, world, rules: printRuleset(ruleset) };
}

/** ISTIO_OUTPUT rules deleted by their 1-based positions in the shipped chain (the observations M1..M6 in oracle/OBSERVATIONS.md). */
export function withoutOutputRules(profile: Profile, positions: readonly number[]): Variant {
  const rs = deleteRules(profileRuleset(profile), 'nat', 'ISTIO_OUTPUT', positions);
  return variant(profile, `delete ISTIO_OUTPUT#${positions.join(',#')}`, rs);
}

/** `count` mutants spread evenly over generateMutants' (deterministic) list, so every kind of edit gets a turn. */
export function pickMutants(profile: Profile, count: number): Variant[] {
  const all = generateMutants(profileRuleset(profile));
  const step = all.length / count;
  return Array.from({ length: Math.min(count, all.length) }, (_, i) => all[Math.floor(i * step)]!).map((m) =>
    variant(profile, m.id, m.ruleset),
  );
}

function prepare(v: Variant, set: CaseSet, label: string, connection: Connection): PreparedCase {
  const where = v.name === AS_SHIPPED ? '' : ` [${v.name}]`;
  const meta = {
    id: `${v.profile.name}${where} ${set} ${label}`,
    profile: v.profile.name,
    set,
    variant: v.name,
    label,
  };
  return prepareCase(meta, v.world, v.rules, connection);
}

export function scenarioCases(v: Variant, set: CaseSet = 'scenario'): PreparedCase[] {
  return SCENARIOS.map((s) => prepare(v, set, s.id, s.connection(v.world)));
}

/**
 * The first `count` replayable TCP connections of the arbitrary stream (fixed seed), plus every skipped one met on
 * the way, in stream order. UDP connections are left out of the stream: the harness replays TCP only.
 */
export function arbitraryCases(v: Variant, count: number, seed: number, set: CaseSet = 'arbitrary'): PreparedCase[] {
  const arb = anyConnectionArb(v.world, buildDomain(v.world, 'ipv4')).filter((c) => c.protocol === 'tcp');
  const out: PreparedCase[] = [];
  let replayable = 0;
  for (let drawn = 0, batch = count * 3; replayable < count; batch *= 2) {
    // fc.sample with one seed yields the same prefix for any numRuns, so a bigger batch only extends the stream.
    const stream = fc.sample(arb, { seed, numRuns: batch });
    for (; drawn < stream.length && replayable < count; drawn++) {
      const c = prepare(v, set, `arb-${String(drawn).padStart(4, '0')}`, stream[drawn]!);
      out.push(c);
      if (c.plan.ok) replayable++;
    }
    if (batch > count * 100) throw new Error(`fewer than ${count} replayable connections in ${batch} draws`);
  }
  return out;
}

/** Envoy (uid 1337) dialling the remote pod: with ISTIO_OUTPUT rules 4 and 7 gone it is captured by its own 15001. */
export function envoyToRemote(v: Variant): PreparedCase {
  const { proxy } = v.world.pod;
  const connection: Connection = {
    from: { kind: 'pod', actor: 'envoy', uid: proxy.uid, gid: proxy.gid },
    protocol: 'tcp',
    dst: { addr: parseAddr(REMOTE_ADDR), port: 8080 },
  };
  return prepare(v, 'loop', 'envoy-to-remote', connection);
}
