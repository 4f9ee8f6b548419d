// Builds the oracle's results (oracle/report-data.ts) from one run's case results; the machine facts are built
// apart (report-machine.ts).
import type { RuleRef } from './compare-format.ts';
import type { CaseResult } from './coverage-case.ts';
import type { LoopResult } from './coverage-loop.ts';
import { dnsSection } from './dns/report.ts';
import type { DnsCaseResult } from './dns/run.ts';
import { disagreementsOf, FINDING_SKIPS, figuresOf, loopDisagreements, skipCounts, skipDescription } from './report.ts';
import type { Counts, KernelOracleResults, LoopRecord, RuleAt, ScenarioHopRow, SummaryRow } from './report-data.ts';
import { PRODUCER, RESULTS_VERSION } from './report-data.ts';
import type { Backend } from './types.ts';

export interface OracleRun {
  /** What the plan was built from (oracle/coverage.ts resolveCoverageOptions). */
  readonly options: {
    readonly seed: number;
    readonly arbitraryPerProfile: number;
    readonly arbitraryPerMutant: number;
    readonly mutants: number;
    readonly loopDepth: number;
  };
  readonly profiles: readonly string[];
  readonly mutantProfile: string;
  /** Every case on iptables-nft: scenarios, arbitrary connections, edited and mutated rulesets. */
  readonly nft: readonly CaseResult[];
  /** The scenarios again on iptables-legacy; null when the machine has no legacy backend. */
  readonly legacy: readonly CaseResult[] | null;
  /**
   * Every scenario on native nftables rules (oracle/coverage-native.ts); null when the machine has no nft, absent
   * from runs that did not try.
   */
  readonly native?: readonly CaseResult[] | null;
  /** The loop case on iptables-nft, with the forwarding Envoy stand-in. */
  readonly loop: LoopResult;
  /** The DNS flows on every backend that ran (oracle/dns/run.ts); absent when the DNS oracle did not run. */
  readonly dns?: readonly DnsCaseResult[];
}

const ruleAt = ({ table, chain, index }: RuleRef): RuleAt => ({ table, chain, index });

function countsOf(results: readonly CaseResult[]): Counts {
  const f = figuresOf(results);
  const { connections, compared, skipped, hops } = f;
  return { connections, compared, skipped, hops, agree: f.agreements, disagree: f.disagreements };
}

function sumOf(rows: readonly Counts[]): Counts {
  const add = (key: keyof Counts) => rows.reduce((n, r) => n + r[key], 0);
  return {
    connections: add('connections'),
    compared: add('compared'),
    skipped: add('skipped'),
    hops: add('hops'),
    agree: add('agree'),
    disagree: add('disagree'),
  };
}

/** Groups in order of first appearance. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function summaryRows(backend: Backend, results: readonly CaseResult[]): SummaryRow[] {
  return [...groupBy(results, (c) => `${c.meta.set}\u0000${c.meta.profile}`).values()].map((group) => {
    const { set, profile } = group[0]!.meta;
    return { backend, set, profile, ...countsOf(group) };
  });
}

function loopRow(loop: LoopResult): SummaryRow {
  const hops = loop.chain.length;
  const agree = loop.chain.filter((h) => h.agree).length;
  const counts = { connections: 1, compared: 1, skipped: 0, hops, agree, disagree: hops - agree };
  return { backend: 'nft', set: 'loop', profile: loop.meta.profile, ...counts };
}

function scenarioRows(nft: readonly CaseResult[], legacy: readonly CaseResult[] | null): ScenarioHopRow[] {
  const onLegacy = new Map((legacy ?? []).flatMap((c) => c.hops.map((h) => [h.id, h.agree] as const)));
  return nft
    .filter((c) => c.meta.set === 'scenario')
    .flatMap((c) =>
      c.hops.map((h) => {
        const legacyAgree = onLegacy.get(h.id);
        return {
          profile: c.meta.profile,
          scenario: c.meta.label,
          hop: h.model.hop,
          actor: h.model.actor,
          src: h.model.src,
          dst: h.model.dst,
          modelRules: h.model.rules.map(ruleAt),
          kernelRules: h.kernel.rules.map(ruleAt),
          landing: h.kernel.outcome,
          agree: legacyAgree === undefined ? { nft: h.agree } : { nft: h.agree, legacy: legacyAgree },
        };
      }),
    );
}

function loopRecord(loop: LoopResult, depth: number): LoopRecord {
  const d = loop.disposition;
  return {
    caseId: loop.meta.id,
    profile: loop.meta.profile,
    model: { disposition: d.kind, description: d.kind === 'loop' ? d.description : '' },
    depth,
    redirects: loop.redirects,
    hops: loop.chain.map((h) => ({
      hopId: h.id,
      modelRules: h.model.rules.map(ruleAt),
      kernelRules: h.kernel.rules.map(ruleAt),
      landing: h.kernel.outcome,
      agree: h.agree,
    })),
    agree: loop.agree,
  };
}

export function oracleResults(run: OracleRun): KernelOracleResults {
  const legacy = run.legacy ?? [];
  const native = run.native ?? [];
  const byBackend = [
    { backend: 'nft', results: run.nft },
    { backend: 'legacy', results: legacy },
    { backend: 'native-nft', results: native },
  ] as const;
  const summary = [
    ...summaryRows('nft', run.nft),
    ...summaryRows('legacy', legacy),
    ...summaryRows('native-nft', native),
    loopRow(run.loop),
  ];
  const all = [...run.nft, ...legacy, ...native];
  const substitutions = groupBy(
    all.flatMap((c) => c.hops.flatMap((h) => h.substitutions)),
    (s) => s,
  );
  return {
    producer: PRODUCER,
    version: RESULTS_VERSION,
    plan: {
      ...run.options,
      profiles: run.profiles,
      mutantProfile: run.mutantProfile,
      backends: [
        'nft',
        ...(run.legacy === null ? [] : (['legacy'] as const)),
        ...(run.native ? (['native-nft'] as const) : []),
      ],
    },
    total: sumOf(summary),
    summary,
    disagreements: [
      ...byBackend.flatMap(({ backend, results }) => disagreementsOf(results, backend)),
      ...loopDisagreements(run.loop, 'nft'),
    ],
    findings: byBackend.flatMap(({ backend, results }) =>
      results.flatMap((r) =>
        r.skip && FINDING_SKIPS.has(r.skip.code) ? [{ backend, caseId: r.meta.id, ...r.skip }] : [],
      ),
    ),
    skipped: skipCounts(all).map(({ code, count }) => ({
      code,
      description: skipDescription(code),
      connections: count,
    })),
    substitutions: [...substitutions]
      .sort(([a], [b]) => a.localeCompare(b, 'en'))
      .map(([substitution, hits]) => ({ substitution, hops: hits.length })),
    scenarios: scenarioRows(run.nft, run.legacy),
    mutants: [
      ...groupBy(
        run.nft.filter((c) => c.meta.set === 'mutant'),
        (c) => c.meta.variant,
      ),
    ].map(([ruleset, results]) => ({ ruleset, ...countsOf(results) })),
    loop: loopRecord(run.loop, run.options.loopDepth),
    ...(run.dns ? { dns: dnsSection(run.dns) } : {}),
  };
}
