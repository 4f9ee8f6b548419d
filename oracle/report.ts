// Figures and disagreements over coverage results (for the console, the results file and the tests), and the
// console's words for them.

import type { HopComparison } from './compare.ts';
import { ruleLabels } from './compare-format.ts';
import type { CaseResult, LoopResult, ReplayStats } from './coverage.ts';
import { SKIP_REASONS, type SkipCode } from './replay-trace.ts';
import type { DisagreementRecord } from './report-data.ts';
import type { Backend } from './types.ts';

/** How the report names each set of cases. */
export const SET_NAMES = {
  scenario: 'scenarios',
  arbitrary: 'arbitrary connections',
  mutant: 'edited and mutated rulesets',
  loop: 'loop',
} as const;

export interface Figures {
  /** Connections considered (compared + skipped). */
  readonly connections: number;
  readonly compared: number;
  readonly skipped: number;
  readonly hops: number;
  readonly agreements: number;
  readonly disagreements: number;
}

export function figuresOf(results: readonly CaseResult[]): Figures {
  const hops = results.flatMap((r) => r.hops);
  const agreements = hops.filter((h) => h.agree).length;
  const compared = results.filter((r) => r.status === 'compared').length;
  return {
    connections: results.length,
    compared,
    skipped: results.length - compared,
    hops: hops.length,
    agreements,
    disagreements: hops.length - agreements,
  };
}

const EXTRA_REASONS: Readonly<Record<string, string>> = {
  listeners: "the world's listeners differ from the session's",
  'load-refused': 'iptables-restore refused a ruleset the model accepts',
};

/**
 * Skips that are findings rather than limits of the oracle's topology: a ruleset the model loads and the kernel does
 * not, and a world whose listeners differ from its session's.
 */
export const FINDING_SKIPS: ReadonlySet<string> = new Set(['load-refused', 'listeners']);

export function skipDescription(code: string): string {
  return SKIP_REASONS[code as SkipCode] ?? EXTRA_REASONS[code] ?? code;
}

/** Skipped connections per reason code, sorted by code. */
export function skipCounts(results: readonly CaseResult[]): Array<{ code: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of results) if (r.skip) counts.set(r.skip.code, (counts.get(r.skip.code) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b, 'en')).map(([code, count]) => ({ code, count }));
}

/** One hop where model and kernel differ, as the results file records it (both sides in full). */
function disagreement(caseId: string, backend: Backend, hop: HopComparison): DisagreementRecord {
  return {
    backend,
    caseId,
    hopId: hop.id,
    actor: hop.model.actor,
    src: hop.model.src,
    dst: hop.model.dst,
    differences: hop.differences,
    modelRules: hop.model.rules,
    kernelRules: hop.kernel.rules,
    substitutions: hop.substitutions,
  };
}

export function disagreementsOf(results: readonly CaseResult[], backend: Backend): DisagreementRecord[] {
  return results.flatMap((r) => r.hops.filter((h) => !h.agree).map((hop) => disagreement(r.meta.id, backend, hop)));
}

/** The loop's disagreeing hops, and a disposition that differs, reported on the client's hop. */
export function loopDisagreements(loop: LoopResult, backend: Backend): DisagreementRecord[] {
  const hops = loop.chain.filter((h) => !h.agree).map((hop) => disagreement(loop.meta.id, backend, hop));
  const first = loop.chain[0];
  if (loop.differences.length === 0 || !first) return hops;
  return [...hops, disagreement(loop.meta.id, backend, { ...first, differences: loop.differences })];
}

/** Both sides of one disagreement in full, as indented lines. */
export function disagreementLines(d: DisagreementRecord): string[] {
  return [
    `${d.backend} ${d.hopId}: ${d.actor} ${d.src} -> ${d.dst}`,
    ...d.differences.map((x) => `  ${x}`),
    `  model rules: ${ruleLabels(d.modelRules)}; kernel rules: ${ruleLabels(d.kernelRules)}`,
    ...d.substitutions.map((s) => `  replayed with: ${s}`),
  ];
}

export function figuresLine(label: string, f: Figures): string {
  return (
    `${label}: ${f.connections} connections (${f.compared} compared, ${f.skipped} skipped), ` +
    `${f.hops} hops, ${f.agreements} agree, ${f.disagreements} disagree`
  );
}

export function rateLine(label: string, stats: ReplayStats): string {
  const rate = stats.seconds > 0 ? (stats.hops / stats.seconds).toFixed(0) : '-';
  const retried = stats.retries > 0 ? ` (${stats.retries} replayed again after an incomplete observation)` : '';
  return `${label}: ${stats.hops} hops replayed in ${stats.seconds.toFixed(2)} s = ${rate} hops/s${retried}`;
}
