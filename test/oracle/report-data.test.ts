// The oracle's results as data (no kernel needed): what oracleResults makes of hand-made case results, that it and
// the committed files match their schemas, canonical bytes, and a damaged file refused with the field at fault.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HopComparison } from '../../oracle/compare.ts';
import type { CaseResult, CaseSet, LoopResult } from '../../oracle/coverage.ts';
import {
  canonicalJson,
  type KernelOracleResults,
  MACHINE_FILE,
  machineFacts,
  type OracleRun,
  oracleResults,
  RESULTS_FILE,
  readOracleFiles,
  resultsProblems,
  writeOracleFiles,
} from '../../oracle/index.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sidecar-oracle-data-'));
  dirs.push(d);
  return d;
};

const rule = (chain: string, index: number) => ({ table: 'nat', chain, index, rule: `-A ${chain} rule ${index}` });
const accepted = { kind: 'accepted', listener: 'app', localAddr: '10.250.0.2', localPort: 8080 } as const;

function hop(id: string, n: number, agree: boolean, substitutions: string[] = []): HopComparison {
  return {
    id,
    agree,
    differences: agree ? [] : ['rules: only in the model: [OUTPUT#1 `-A OUTPUT rule 1`]'],
    model: {
      hop: n,
      actor: 'app 1000/1000',
      src: '10.250.0.2',
      dst: '10.250.0.3:8080',
      rules: [rule('OUTPUT', 1), rule('ISTIO_OUTPUT', 9)],
      expect: { kind: 'accepted', listener: 'app', local: { addr: '10.250.0.2', port: 8080 } },
    },
    kernel: {
      rules: agree ? [rule('ISTIO_OUTPUT', 9), rule('OUTPUT', 1)] : [rule('ISTIO_OUTPUT', 9)],
      outcome: accepted,
    },
    substitutions,
  };
}

function result(
  set: CaseSet,
  profile: string,
  label: string,
  hops: HopComparison[],
  variant = 'as shipped',
): CaseResult {
  const meta = { id: `${profile} ${set} ${label}`, profile, set, variant, label };
  return { meta, trace: { disposition: { kind: 'delivered' }, hops: [] } as never, status: 'compared', hops };
}

function skipped(profile: string, label: string, code: string): CaseResult {
  const meta = {
    id: `${profile} arbitrary ${label}`,
    profile,
    set: 'arbitrary' as const,
    variant: 'as shipped',
    label,
  };
  return { meta, trace: {} as never, status: 'skipped', skip: { code, reason: `${code} details` }, hops: [] };
}

const loop: LoopResult = {
  meta: { id: 'p1 [delete] loop envoy-to-remote', profile: 'p1', set: 'loop', variant: 'delete', label: 'loop' },
  disposition: { kind: 'loop', cycle: [1, 2], description: 'hop 2 repeats hop 1' },
  chain: [hop('loop#1', 1, true), hop('loop#1>fwd1', 1, true)],
  redirects: 2,
  differences: [],
  agree: true,
};

const run = (legacy: CaseResult[] | null): OracleRun => ({
  options: { seed: 7, arbitraryPerProfile: 2, arbitraryPerMutant: 1, mutants: 1, loopDepth: 1 },
  profiles: ['p1', 'p2'],
  mutantProfile: 'p1',
  nft: [
    result('scenario', 'p1', 's1', [hop('p1 s1#1', 1, true, ['source port 40000']), hop('p1 s1#2', 2, false)]),
    result('scenario', 'p2', 's1', [hop('p2 s1#1', 1, true, ['bind 127.0.0.6'])]),
    result('arbitrary', 'p1', '#1', [hop('p1 a#1', 1, true, ['source port 40000'])]),
    skipped('p1', '#2', 'no-route'),
    skipped('p1', '#3', 'load-refused'),
    result('mutant', 'p1', 's1', [hop('p1 m#1', 1, true)], 'delete ISTIO_OUTPUT#4'),
  ],
  legacy,
  loop,
});

describe('oracleResults', () => {
  const r = oracleResults(run([result('scenario', 'p1', 's1', [hop('p1 s1#1', 1, true), hop('p1 s1#2', 2, true)])]));

  it('matches its schema', () => {
    expect(resultsProblems(r, 'results')).toEqual([]);
  });

  it('records the plan, one summary row per backend, set and profile, then the loop, and their total', () => {
    expect(r.plan).toEqual({
      seed: 7,
      arbitraryPerProfile: 2,
      arbitraryPerMutant: 1,
      mutants: 1,
      loopDepth: 1,
      profiles: ['p1', 'p2'],
      mutantProfile: 'p1',
      backends: ['nft', 'legacy'],
    });
    expect(r.summary.map((s) => [s.backend, s.set, s.profile, s.connections, s.hops, s.agree, s.disagree])).toEqual([
      ['nft', 'scenario', 'p1', 1, 2, 1, 1],
      ['nft', 'scenario', 'p2', 1, 1, 1, 0],
      ['nft', 'arbitrary', 'p1', 3, 1, 1, 0],
      ['nft', 'mutant', 'p1', 1, 1, 1, 0],
      ['legacy', 'scenario', 'p1', 1, 2, 2, 0],
      ['nft', 'loop', 'p1', 1, 2, 2, 0],
    ]);
    expect(r.total).toEqual({ connections: 8, compared: 6, skipped: 2, hops: 9, agree: 8, disagree: 1 });
  });

  it('keeps every disagreement with both sides, and a finding apart from an ordinary skip', () => {
    expect(r.disagreements).toEqual([
      {
        backend: 'nft',
        caseId: 'p1 scenario s1',
        hopId: 'p1 s1#2',
        actor: 'app 1000/1000',
        src: '10.250.0.2',
        dst: '10.250.0.3:8080',
        differences: ['rules: only in the model: [OUTPUT#1 `-A OUTPUT rule 1`]'],
        modelRules: [rule('OUTPUT', 1), rule('ISTIO_OUTPUT', 9)],
        kernelRules: [rule('ISTIO_OUTPUT', 9)],
        substitutions: [],
      },
    ]);
    expect(r.findings).toEqual([
      { backend: 'nft', caseId: 'p1 arbitrary #3', code: 'load-refused', reason: 'load-refused details' },
    ]);
    expect(r.skipped.map((s) => [s.code, s.connections])).toEqual([
      ['load-refused', 1],
      ['no-route', 1],
    ]);
    expect(r.substitutions).toEqual([
      { substitution: 'bind 127.0.0.6', hops: 1 },
      { substitution: 'source port 40000', hops: 2 },
    ]);
  });

  it('rows every scenario hop with the agreement of each backend that ran, labels only for rules', () => {
    expect(r.scenarios.map((s) => [s.profile, s.scenario, s.hop, s.agree])).toEqual([
      ['p1', 's1', 1, { nft: true, legacy: true }],
      ['p1', 's1', 2, { nft: false, legacy: true }],
      ['p2', 's1', 1, { nft: true }],
    ]);
    expect(r.scenarios[0]?.kernelRules).toEqual([
      { table: 'nat', chain: 'ISTIO_OUTPUT', index: 9 },
      { table: 'nat', chain: 'OUTPUT', index: 1 },
    ]);
    expect(r.mutants).toEqual([
      { ruleset: 'delete ISTIO_OUTPUT#4', connections: 1, compared: 1, skipped: 0, hops: 1, agree: 1, disagree: 0 },
    ]);
    expect(r.loop).toMatchObject({ model: { disposition: 'loop', description: 'hop 2 repeats hop 1' }, redirects: 2 });
  });

  it('without a legacy backend, says so in the plan and has no legacy rows', () => {
    const nftOnly = oracleResults(run(null));
    expect(nftOnly.plan.backends).toEqual(['nft']);
    expect(nftOnly.summary.some((s) => s.backend === 'legacy')).toBe(false);
    expect(nftOnly.scenarios.every((s) => !('legacy' in s.agree))).toBe(true);
    expect(resultsProblems(nftOnly, 'results')).toEqual([]);
  });
});

describe('the results files', () => {
  const results = oracleResults(run(null));
  const machine = machineFacts({
    kernel: '6.1.0-test',
    node: 'v20.20.0',
    backends: [
      { backend: 'nft', stats: { hops: 100, seconds: 0.254, retries: 1 } },
      { backend: 'legacy', stats: { hops: 0, seconds: 0, retries: 0 }, unavailable: 'no iptables-legacy' },
    ],
  });

  it('are canonical JSON: keys sorted at every level, so equal data is equal bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
    const reordered = Object.fromEntries(Object.entries(results).reverse());
    expect(canonicalJson(reordered)).toBe(canonicalJson(results));
  });

  it('keep the machine apart, and write the same results twice as unchanged', () => {
    expect(machine.backends).toEqual([
      { backend: 'nft', available: true, hops: 100, seconds: 0.25, hopsPerSecond: 394, retries: 1 },
      {
        backend: 'legacy',
        available: false,
        reason: 'no iptables-legacy',
        hops: 0,
        seconds: 0,
        hopsPerSecond: 0,
        retries: 0,
      },
    ]);
    expect(JSON.stringify(results)).not.toContain('6.1.0-test');
    const dir = tempDir();
    expect(writeOracleFiles(dir, results, machine)).toBe(true);
    expect(writeOracleFiles(dir, results, { ...machine, kernel: '9.9.9-other' })).toBe(false);
    expect(readOracleFiles(dir)).toEqual({ results, machine: { ...machine, kernel: '9.9.9-other' } });
  });

  it('refuses to write results that do not match the schema', () => {
    const bad = { ...results, total: { ...results.total, hops: -1 } } as KernelOracleResults;
    expect(() => writeOracleFiles(tempDir(), bad, machine)).toThrow("the oracle's results do not match their schema");
  });

  it('reads a missing file as null, and refuses a damaged one naming the file and the field', () => {
    const dir = tempDir();
    expect(readOracleFiles(dir)).toEqual({ results: null, machine: null });
    writeOracleFiles(dir, results, machine);
    const doc = JSON.parse(readFileSync(join(dir, RESULTS_FILE), 'utf8'));
    doc.summary[0].hops = 'many';
    writeFileSync(join(dir, RESULTS_FILE), JSON.stringify(doc));
    expect(() => readOracleFiles(dir)).toThrow(
      `${join(dir, RESULTS_FILE)} does not match oracle/kernel-oracle.schema.json: /summary/0/hops must be integer`,
    );
    writeFileSync(join(dir, RESULTS_FILE), canonicalJson(results));
    writeFileSync(join(dir, MACHINE_FILE), '{"kernel": ');
    expect(() => readOracleFiles(dir)).toThrow(`${join(dir, MACHINE_FILE)} is not JSON`);
  });

  it('the committed ones match their schemas, and the results hold no machine fact', () => {
    const generated = join(import.meta.dirname, '..', '..', 'generated');
    const { results: committed, machine: committedMachine } = readOracleFiles(generated);
    expect(committed?.producer).toBe('npm run oracle');
    expect(committedMachine?.kernel).toBeTruthy();
    const text = readFileSync(join(generated, RESULTS_FILE), 'utf8');
    expect(text).toBe(canonicalJson(committed));
    expect(text).not.toContain(committedMachine!.kernel);
    expect(text).not.toMatch(/seconds|hopsPerSecond|kernelVersion/);
  });
});
