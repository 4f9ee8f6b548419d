// The fuzzer's section of the kernel-oracle page is rendered from kernel-fuzz.json: a small site over files written by
// writeFuzzFiles. Another machine (kernel-fuzz.machine.json) leaves the page fresh; another figure makes it stale.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDocs } from '../../docs-gen/generate.ts';
import {
  canonicalJson,
  emptyFigures,
  FUZZ_FILE,
  FUZZ_MACHINE_FILE,
  type KernelFuzzResults,
  writeFuzzFiles,
} from '../../oracle/index.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const figures = {
  ...emptyFigures(),
  rulesets: 7,
  loadedBoth: 5,
  refusedBoth: 2,
  connections: 31,
  agree: 29,
  undetermined: 2,
};

async function site(): Promise<{ root: string; out: string; page: () => string }> {
  const root = mkdtempSync(join(tmpdir(), 'sidecar-fuzz-page-'));
  roots.push(root);
  mkdirSync(join(root, 'docs-src'), { recursive: true });
  writeFileSync(join(root, 'docs-src', 'kernel-oracle.md'), '# K\n\n::kernel-fuzz-report\n');
  const out = join(root, 'generated');
  const report = { figures, perFamily: { ipv4: figures }, counterexamples: [], disagreements: [], harnessErrors: [] };
  writeFuzzFiles(
    out,
    { seed: 9, rulesets: 7, connections: 12, results: [{ backend: 'legacy', seconds: 3, report }] },
    {
      kernel: '6.18.0-test',
      node: 'v20.0.0',
      seconds: 3,
    },
  );
  await generateDocs({ root, svg: false });
  return { root, out, page: () => readFileSync(join(out, 'kernel-oracle.md'), 'utf8') };
}

const stale = async (root: string) =>
  (await generateDocs({ root, check: true })).stale.filter((f) => f.endsWith('.md'));

function edit<T>(path: string, change: (doc: T) => void): void {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as T;
  change(doc);
  writeFileSync(path, canonicalJson(doc));
}

describe('the fuzzer section of the kernel-oracle page', () => {
  it('shows the seed, the figures per backend and family, and the machine', async () => {
    const { page } = await site();
    expect(page()).toContain('## Differential fuzzing');
    expect(page()).toContain('seed 9, 7 rulesets per family and backend, up to 12 connections each');
    expect(page()).toMatch(/\| iptables-legacy +\| both +\| 7 +\| 5 +\| 2 +\| 0 +\| 31 +\| 29 +\| 2 +\| 0 +\|/);
    expect(page()).toMatch(/\| +\| ipv4 +\| 7 /);
    expect(page()).toContain('Last fuzzed on Linux 6.18.0-test');
  });
  it('stays fresh when only the machine changes, and goes stale when a figure does', async () => {
    const { root, out } = await site();
    edit<{ kernel: string }>(join(out, FUZZ_MACHINE_FILE), (d) => {
      d.kernel = '7.0.0-other';
    });
    expect(await stale(root)).toEqual([]);
    edit<KernelFuzzResults>(join(out, FUZZ_FILE), (d) => {
      (d.backends[0]!.figures as { agree: number }).agree = 28;
    });
    expect(await stale(root)).toEqual(['kernel-oracle.md']);
  });
});
