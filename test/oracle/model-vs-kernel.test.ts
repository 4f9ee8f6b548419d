// The model against the Linux kernel: every hop of every scenario on istio-1.10, 1.18 and 1.25 (nft; legacy for
// 1.10), 200 fixed-seed arbitrary connections per profile, rules 4 and 4+7 deleted, ten mutants, one loop end to end,
// a self-test that a wrong model is caught, and proof that nothing is left behind. One session per backend; other
// rulesets are reloaded into it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareHop } from '../../oracle/compare.ts';
import {
  type CaseResult,
  COVERAGE_PROFILES,
  type CoveragePlan,
  type CoverageSession,
  coveragePlan,
  newStats,
  runCases,
  runLoopCase,
} from '../../oracle/coverage.ts';
import { prepareCase } from '../../oracle/coverage-case.ts';
import { requireProfile, shipped, withoutOutputRules } from '../../oracle/coverage-cases.ts';
import {
  type Backend,
  listOurNamespaces,
  type Oracle,
  oracleAvailability,
  type RootSnapshot,
  rootSnapshot,
  startedProcesses,
} from '../../oracle/index.ts';
import { oracleListeners } from '../../oracle/replay-trace.ts';
import { disagreementLines, disagreementsOf, FINDING_SKIPS, figuresOf, rateLine } from '../../oracle/report.ts';
import { useOracle } from './session-fixture.ts';

const inCI = Boolean(process.env.CI);
const BACKENDS: readonly Backend[] = ['nft', 'legacy'];
const missing = BACKENDS.flatMap((b) => {
  const a = oracleAvailability(b);
  return a.ok ? [] : [`${b}: ${a.reason}`];
});
if (missing.length > 0 && !inCI) console.log(`model-vs-kernel oracle skipped: ${missing.join('; ')}`);
if (missing.length > 0 && inCI) {
  describe('model against the kernel in CI', () => {
    it('is available', () => {
      throw new Error(`kernel oracle unavailable in CI: ${missing.join('; ')}`);
    });
  });
}

let memo: CoveragePlan | undefined;
const plan = (): CoveragePlan => {
  memo ??= coveragePlan();
  return memo;
};
const classic = shipped(requireProfile('istio-1.10'));
const listeners = oracleListeners(classic.world);

/** Every disagreement, both sides in full: an empty list is 100% agreement. */
function expectAgreement(results: readonly CaseResult[], backend: Backend): void {
  expect(disagreementsOf(results, backend).flatMap(disagreementLines)).toEqual([]);
}

const skippedOf = (results: readonly CaseResult[]) =>
  results.filter((r) => r.skip).map((r) => `${r.meta.id}: ${r.skip?.reason}`);
/** Skips that are findings (a ruleset the kernel refuses, a session whose listeners differ), never allowed. */
const findingsOf = (results: readonly CaseResult[]) =>
  results.filter((r) => r.skip && FINDING_SKIPS.has(r.skip.code)).map((r) => `${r.meta.id}: ${r.skip?.reason}`);

function sessionOver(oracle: () => Oracle): () => CoverageSession {
  let s: CoverageSession | undefined;
  return () => {
    s ??= { oracle: oracle(), listeners, loaded: classic.rules };
    return s;
  };
}

describe.skipIf(missing.length > 0)('model against the kernel', () => {
  let before: RootSnapshot;
  beforeAll(() => {
    before = rootSnapshot();
  });

  describe('nft backend', () => {
    const session = sessionOver(useOracle({ backend: 'nft', rules: classic.rules, listeners: listeners.specs }));
    const stats = newStats();
    afterAll(() => console.log(rateLine('model vs kernel, nft', stats)));

    it.each(COVERAGE_PROFILES)('every hop of every scenario on %s agrees', async (profile) => {
      const cases = plan().scenarios.filter((c) => c.meta.profile === profile);
      const results = await runCases(session(), cases, stats);
      expect(skippedOf(results)).toEqual([]);
      expect(figuresOf(results).hops).toBeGreaterThan(cases.length);
      expectAgreement(results, 'nft');
    });

    it.each(COVERAGE_PROFILES)('at least 200 arbitrary connections on %s agree (fixed seed)', async (profile) => {
      const results = await runCases(
        session(),
        plan().arbitrary.filter((c) => c.meta.profile === profile),
        stats,
      );
      const f = figuresOf(results);
      console.log(`${profile}: ${f.compared} arbitrary connections compared (${f.hops} hops), ${f.skipped} skipped`);
      expect(f.compared).toBeGreaterThanOrEqual(200);
      expect(findingsOf(results)).toEqual([]);
      expectAgreement(results, 'nft');
    });

    it('ISTIO_OUTPUT rule 4 deleted: Envoy leaves by the gid rule, matched by its text (now at position 6)', async () => {
      const cases = plan().mutants.filter((c) => c.meta.variant === 'delete ISTIO_OUTPUT#4');
      const results = await runCases(session(), cases, stats);
      expectAgreement(results, 'nft');
      const envoyOut = results.find((r) => r.meta.label === 'local-to-remote')?.hops[1];
      const gidRule = '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN';
      expect(envoyOut?.kernel.rules.find((h) => h.rule === gidRule)?.index).toBe(6);
    });

    it('ISTIO_OUTPUT rules 4 and 7 deleted: the model loops where the kernel redirects Envoy to itself', async () => {
      const cases = plan().mutants.filter((c) => c.meta.variant === 'delete ISTIO_OUTPUT#4,#7');
      const results = await runCases(session(), cases, stats);
      expectAgreement(results, 'nft');
      const toRemote = results.find((r) => r.meta.label === 'local-to-remote')!;
      expect(toRemote.trace.disposition.kind).toBe('loop');
      expect(toRemote.hops.map((h) => h.kernel.outcome)).toMatchObject([
        { listener: 'envoy-outbound' },
        { listener: 'envoy-outbound' },
        { listener: 'envoy-outbound' },
      ]);
    });

    it('ten mutants of istio-1.10, each with every scenario and some arbitrary connections, agree', async () => {
      const random = plan().mutants.filter((c) => !c.meta.variant.startsWith('delete ISTIO_OUTPUT#4'));
      const results = await runCases(session(), random, stats);
      expect(new Set(results.map((r) => r.meta.variant)).size).toBe(10);
      expect(findingsOf(results)).toEqual([]);
      expect(figuresOf(results).compared).toBeGreaterThanOrEqual(10 * 20);
      expectAgreement(results, 'nft');
    });

    it('self-test: altered model hits and a model of other rules are reported as disagreements', async () => {
      const [toRemote] = plan().scenarios.filter((c) => c.meta.id === 'istio-1.10 scenario local-to-remote');
      if (!toRemote?.plan.ok) throw new Error('local-to-remote must be replayable');
      const [observed] = await runCases(session(), [toRemote], stats);
      expect(observed?.hops.every((h) => h.agree)).toBe(true);
      const [kernelHop] = await session().oracle.replay([toRemote.plan.hops[0]!.replay]);
      // The model's first hop with ISTIO_REDIRECT's rule taken out and a rule text changed.
      const planned = toRemote.plan.hops[0]!;
      const hits = planned.model.hits
        .filter((h) => h.chain !== 'ISTIO_REDIRECT')
        .map((h) =>
          h.chain === 'OUTPUT' && h.kind === 'rule' ? { ...h, rule: '-A OUTPUT -p udp -j ISTIO_OUTPUT' } : h,
        );
      const wrong = compareHop({ ...planned, model: { ...planned.model, hits } }, kernelHop!);
      expect(wrong.agree).toBe(false);
      expect(wrong.differences[0]).toContain('only in the model: [OUTPUT#1 `-A OUTPUT -p udp -j ISTIO_OUTPUT`]');
      expect(wrong.differences[0]).toContain('-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
      // The rule-4-deleted model, while the kernel runs the shipped rules: Envoy's own hop must disagree.
      const deleted = plan().mutants.find((c) => c.meta.variant === 'delete ISTIO_OUTPUT#4')!.world;
      const mismatched = prepareCase(
        { ...toRemote.meta, id: 'wrong-model' },
        deleted,
        classic.rules,
        toRemote.connection,
      );
      const [result] = await runCases(session(), [mismatched], stats);
      expect(result?.hops.map((h) => h.agree)).toEqual([true, false]);
      expect(result?.hops[1]?.differences.join('\n')).toMatch(
        /only in the model: \[ISTIO_OUTPUT#6 .*gid-owner.*only in the kernel: \[ISTIO_OUTPUT#4 .*uid-owner 1337 -j RETURN/,
      );
    });
  });

  describe('legacy backend', () => {
    const session = sessionOver(useOracle({ backend: 'legacy', rules: classic.rules, listeners: listeners.specs }));
    const stats = newStats();
    afterAll(() => console.log(rateLine('model vs kernel, legacy', stats)));

    it('every hop of every scenario on istio-1.10 agrees', async () => {
      const results = await runCases(
        session(),
        plan().scenarios.filter((c) => c.meta.profile === 'istio-1.10'),
        stats,
      );
      expect(skippedOf(results)).toEqual([]);
      expectAgreement(results, 'legacy');
    });
  });

  describe('a loop end to end, with the forwarding Envoy stand-in (nft)', () => {
    const loop = () => plan().loop;
    const depth = 4;
    const oracle = useOracle({
      backend: 'nft',
      rules: withoutOutputRules(requireProfile('istio-1.10'), [4, 7]).rules,
      listeners: listeners.specs,
      forwardingOutbound: { maxDepth: depth },
    });

    it('the model says loop; the kernel counts the REDIRECT once per re-dial, depth + 1 times', async () => {
      const result = await runLoopCase(oracle(), loop(), depth);
      expect(result.disposition.kind).toBe('loop');
      expect(result.chain).toHaveLength(depth + 1);
      expect(result.redirects).toBe(depth + 1);
      expect([...result.differences, ...result.chain.flatMap((h) => h.differences)]).toEqual([]);
      expect(result.agree).toBe(true);
    });
  });

  afterAll(() => {
    expect(listOurNamespaces()).toEqual([]);
    expect(startedProcesses().filter((p) => p.alive)).toEqual([]);
    expect(rootSnapshot()).toEqual(before);
  });
});
