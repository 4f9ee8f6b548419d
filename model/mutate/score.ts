// Runs the mutation analysis for a profile's ruleset and summarises it: the score, the equivalent mutants the model
// proved equivalent, and every survivor with the behaviour it changes that no invariant constrains.

import { checkWorld, describeConnection, type Intent, inferIntent } from '../invariants/index.ts';
import type { Family } from '../net/index.ts';
import type { World } from '../pod/index.ts';
import { analyseMutant, type MutantResult } from './analyse.ts';
import { generateMutants, type Mutant } from './mutants.ts';

export interface MutationSummary {
  readonly total: number;
  readonly equivalent: readonly MutantResult[];
  readonly killed: readonly MutantResult[];
  readonly survived: readonly MutantResult[];
  /** Killed over non-equivalent. */
  readonly score: number;
  /** Invariants the original already violates: they cannot count as kills. */
  readonly originallyViolated: readonly string[];
}

export function withMutant(world: World, m: Mutant): World {
  return { ...world, pod: { ...world.pod, rulesets: { ...world.pod.rulesets, [m.ruleset.family]: m.ruleset } } };
}

/**
 * `intent`: what the rules are held to, for the original and every mutant alike; by default what the original's rules
 * declare (inferIntent). A configuration's intent (model/configured's intentOf) scopes the invariants as `check
 * --config` does.
 */
export function mutationAnalysis(
  world: World,
  family: Family = 'ipv4',
  given?: Intent,
  /** Which mutants to analyse (a suite focused on some rules, e.g. the DNS rules); all by default. */
  select: (m: Mutant) => boolean = () => true,
  /** On a dual-stack world, the other family's intent (default: what its rules declare). */
  twinIntent?: Intent,
): MutationSummary {
  const rs = world.pod.rulesets[family];
  if (!rs) throw new Error(`the world has no ${family} ruleset`);
  const intent = given ?? inferIntent(rs);
  const originallyViolated = new Set(
    checkWorld(world, { family, lint: false, intent, ...(twinIntent ? { twinIntent } : {}) })
      .invariants.filter((i) => i.status === 'violated')
      .map((i) => i.id),
  );
  const cache = new Map<string, string>();
  const input = { original: world, family, intent, ...(twinIntent ? { twinIntent } : {}) };
  const results = generateMutants(rs)
    .filter(select)
    .map((m) => analyseMutant(input, m, withMutant, cache, originallyViolated));
  const equivalent = results.filter((r) => r.equivalent);
  const killed = results.filter((r) => !r.equivalent && r.killedBy.length > 0);
  const survived = results.filter((r) => !r.equivalent && r.killedBy.length === 0);
  return {
    total: results.length,
    equivalent,
    killed,
    survived,
    score: killed.length / Math.max(1, killed.length + survived.length),
    originallyViolated: [...originallyViolated].sort(),
  };
}

export function survivorReason(r: MutantResult): string {
  if (!r.difference) return 'equivalent';
  return `it changes ${describeConnection(r.difference.connection)} from [${r.difference.original}] to [${r.difference.mutant}], which no invariant constrains`;
}

export function renderMutationSummary(name: string, s: MutationSummary): string {
  const lines = [
    `mutation score for ${name}: ${s.killed.length}/${s.killed.length + s.survived.length} non-equivalent mutants killed (${(100 * s.score).toFixed(1)}%); ${s.equivalent.length} of ${s.total} mutants proved equivalent by the model`,
  ];
  if (s.originallyViolated.length > 0)
    lines.push(`  (not counted as kills, already violated by ${name}: ${s.originallyViolated.join(', ')})`);
  for (const r of s.survived) lines.push(`  survivor ${r.mutant.id}: ${survivorReason(r)}`);
  return lines.join('\n');
}
