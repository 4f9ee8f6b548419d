// The kernel oracle's pages are rendered from its data files: a small site over copies of the committed
// generated/kernel-oracle.json (one scenario's rows) and kernel-oracle.machine.json. Changing only machine facts (another kernel) leaves
// the check clean, in the Markdown and in the HTML site; changing a figure makes the pages that show it stale.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDocs } from '../../docs-gen/generate.ts';
import { comparable, isMachineCopy, MACHINE_END, MACHINE_START } from '../../docs-gen/site/machine-facts.ts';
import {
  canonicalJson,
  FUZZ_MACHINE_FILE,
  type KernelOracleResults,
  MACHINE_FILE,
  RESULTS_FILE,
} from '../../oracle/index.ts';

const GENERATED = join(import.meta.dirname, '..', '..', 'generated');
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const TRAFFIC = [
  '# T',
  '::trace{scenario="local-to-remote" profile="istio-1.10"}',
  '::trace{scenario="remote-to-local" profile="istio-1.8"}',
  '::oracle-status',
].join('\n\n');

/** A site with the oracle page and one traffic page, over copies of the committed data files; written once. */
async function site(): Promise<{ root: string; out: string; read: (f: string) => string }> {
  const root = mkdtempSync(join(tmpdir(), 'sidecar-oracle-pages-'));
  roots.push(root);
  mkdirSync(join(root, 'docs-src', 'traffic'), { recursive: true });
  writeFileSync(join(root, 'docs-src', 'kernel-oracle.md'), '# K\n\n::kernel-oracle-report\n');
  writeFileSync(join(root, 'docs-src', 'traffic', 't.md'), `${TRAFFIC}\n`);
  const out = join(root, 'generated');
  mkdirSync(out);
  copyFileSync(join(GENERATED, MACHINE_FILE), join(out, MACHINE_FILE));
  // The committed results with one scenario's rows, so each run renders a short page.
  const results = JSON.parse(readFileSync(join(GENERATED, RESULTS_FILE), 'utf8')) as KernelOracleResults;
  const scenarios = results.scenarios.filter((s) => s.scenario === 'local-to-remote');
  writeFileSync(join(out, RESULTS_FILE), canonicalJson({ ...results, scenarios }));
  await generateDocs({ root, svg: false });
  return { root, out, read: (f) => readFileSync(join(out, f), 'utf8') };
}

/** Stale Markdown pages and site files (the SVGs are never rendered here). */
async function stalePages(root: string): Promise<string[]> {
  return (await generateDocs({ root, check: true })).stale.filter((f) => !f.endsWith('.svg'));
}

function edit<T>(path: string, change: (doc: T) => void): void {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as T;
  change(doc);
  writeFileSync(path, canonicalJson(doc));
}

describe('pages rendered from the kernel oracle data', () => {
  it('show the figures and, per traced scenario, what the kernel said; not replayed profiles say so', async () => {
    const { read } = await site();
    const page = read('kernel-oracle.md');
    expect(page).toContain('The figures below are read from [kernel-oracle.json](kernel-oracle.json)');
    expect(page).toMatch(/\| total +\| +\| \d+ +\|/);
    expect(page).toContain('## Scenarios on istio-1.25\n\n| scenario        | hop ');
    expect(read('traffic/t.md')).toContain(
      [
        'Checked against the Linux kernel, hop for hop (see [the kernel oracle report](../kernel-oracle.md)):',
        '',
        '- local-to-remote on istio-1.10: all 2 hops agree with the kernel on iptables-nft and iptables-legacy.',
        '- remote-to-local on istio-1.8: not replayed (the kernel oracle replays the scenarios of istio-1.10, istio-1.18, istio-1.25).',
      ].join('\n'),
    );
  });

  it('another kernel in the machine file leaves the check clean; npm run docs still shows it', async () => {
    const { root, out, read } = await site();
    expect(await stalePages(root)).toEqual([]);
    edit<Record<string, unknown>>(join(out, MACHINE_FILE), (m) => {
      m.kernel = '0.0.1-fake';
      m.node = 'v99.0.0';
    });
    expect(await stalePages(root)).toEqual([]);
    await generateDocs({ root, svg: false });
    expect(read('kernel-oracle.md')).toContain('Last verified on Linux 0.0.1-fake with Node v99.0.0');
    expect(read('site/kernel-oracle.html')).toContain('<p>Last verified on Linux 0.0.1-fake with Node v99.0.0');
    expect(read(`site/${MACHINE_FILE}`)).toContain('0.0.1-fake');
    rmSync(join(out, MACHINE_FILE));
    expect(await stalePages(root)).toEqual([]);
    await generateDocs({ root, svg: false });
    expect(() => read(`site/${MACHINE_FILE}`)).toThrow(/ENOENT/);
  });

  it('a changed figure makes the report stale; a changed scenario verdict also the page that traces it', async () => {
    const { root, out, read } = await site();
    const results = join(out, RESULTS_FILE);
    edit<{ total: { agree: number; disagree: number } }>(results, (r) => {
      r.total.agree -= 1;
      r.total.disagree += 1;
    });
    expect(await stalePages(root)).toEqual(['kernel-oracle.md', 'site/kernel-oracle.html', `site/${RESULTS_FILE}`]);
    const rule = { table: 'nat', chain: 'OUTPUT', index: 1, rule: '-A OUTPUT -p tcp -j ISTIO_OUTPUT' };
    edit<KernelOracleResults>(results, (r) => {
      const row = r.scenarios.find((s) => s.scenario === 'local-to-remote' && s.profile === 'istio-1.10');
      if (row) (row.agree as { legacy?: boolean }).legacy = false;
      (r.disagreements as unknown[]).push({
        backend: 'legacy',
        caseId: 'istio-1.10 scenario local-to-remote',
        hopId: 'istio-1.10 scenario local-to-remote#1',
        actor: 'app 1000/1000',
        src: '10.250.0.2',
        dst: '10.250.0.3:8080',
        differences: ['rules: only in the model: [OUTPUT#1 `-A OUTPUT -p tcp -j ISTIO_OUTPUT`]'],
        modelRules: [rule],
        kernelRules: [],
        substitutions: [],
      });
    });
    expect(await stalePages(root)).toEqual([
      'kernel-oracle.md',
      'site/kernel-oracle.html',
      `site/${RESULTS_FILE}`,
      'site/traffic/t.html',
      'traffic/t.md',
    ]);
    await generateDocs({ root, svg: false });
    expect(read('traffic/t.md')).toContain(
      '- local-to-remote on istio-1.10: of 2 hops, all agree on iptables-nft; 1 DISAGREE on iptables-legacy.',
    );
    expect(read('kernel-oracle.md')).toContain(
      [
        '## Disagreements',
        '',
        '- legacy istio-1.10 scenario local-to-remote#1: app 1000/1000 10.250.0.2 -> 10.250.0.3:8080',
        '',
        '  rules: only in the model: \\[OUTPUT#1 \\`-A OUTPUT -p tcp -j ISTIO_OUTPUT\\`]',
        '',
        '  model rules: OUTPUT#1; kernel rules: (none)',
      ].join('\n'),
    );
  });

  it('without results or machine facts, say how to get them', async () => {
    const { root, out, read } = await site();
    rmSync(join(out, RESULTS_FILE));
    rmSync(join(out, MACHINE_FILE));
    await generateDocs({ root, svg: false });
    expect(read('kernel-oracle.md')).toContain(
      'No results on this checkout (no kernel-oracle.json): run npm run oracle as root, then npm run docs.',
    );
    expect(read('kernel-oracle.md')).toContain('The machine of the last run is not recorded');
    expect(read('traffic/t.md')).toContain('Not yet checked against the kernel on this checkout: run npm run oracle');
  });

  it('a damaged results file stops the run, naming the file and the field', async () => {
    const { root, out } = await site();
    edit<{ summary: { hops: unknown }[] }>(join(out, RESULTS_FILE), (r) => {
      r.summary[0]!.hops = 'lots';
    });
    await expect(generateDocs({ root, check: true })).rejects.toThrow(
      /generated\/kernel-oracle\.json does not match oracle\/kernel-oracle\.schema\.json: \/summary\/0\/hops must be integer/,
    );
  });

  it('::oracle-status before any trace is an error at its line', async () => {
    const { root } = await site();
    writeFileSync(join(root, 'docs-src', 'traffic', 't.md'), '# T\n\n::oracle-status\n');
    await expect(generateDocs({ root, check: true })).rejects.toThrow(
      /docs-src\/traffic\/t\.md:3:1[\s\S]*put it after the page's ::trace directives/,
    );
  });
});

describe('comparable', () => {
  const page = (kernel: string) => `# K\n\n${MACHINE_START}\n\nLinux ${kernel}\n\n${MACHINE_END}\n\nfigures\n`;

  it('sets aside what is between the markers, and only that', () => {
    expect(comparable(page('6.1'))).toBe(comparable(page('6.18')));
    expect(comparable(page('6.1'))).toBe(`# K\n\n${MACHINE_START}${MACHINE_END}\n\nfigures\n`);
    expect(comparable(page('6.1').replace('figures', 'other figures'))).not.toBe(comparable(page('6.1')));
  });

  it('compares a page without markers, or with an unterminated region, in full', () => {
    expect(comparable('# K\n\nLinux 6.1\n')).toBe('# K\n\nLinux 6.1\n');
    const open = `${MACHINE_START}\nLinux 6.1\n`;
    expect(comparable(open)).toBe(open);
  });

  it("the committed oracle page, Markdown and HTML, has one region per producer (the oracle's, the fuzzer's)", () => {
    const machine = JSON.parse(readFileSync(join(GENERATED, MACHINE_FILE), 'utf8')) as { kernel: string };
    const fuzzMachine = JSON.parse(readFileSync(join(GENERATED, FUZZ_MACHINE_FILE), 'utf8')) as { kernel: string };
    for (const page of ['kernel-oracle.md', 'site/kernel-oracle.html']) {
      const text = readFileSync(join(GENERATED, page), 'utf8');
      expect(text.split(MACHINE_START), page).toHaveLength(3);
      expect(comparable(text), page).not.toContain('Last verified on Linux');
      expect(comparable(text), page).not.toContain('Last fuzzed on Linux');
      expect(text, page).toContain('Last verified on Linux ');
      expect(text, page).toContain('Last fuzzed on Linux ');
      expect(comparable(text), page).not.toContain(machine.kernel);
      expect(comparable(text), page).not.toContain(fuzzMachine.kernel);
    }
  });

  it("only the site's copies of the machine files are set aside whole", () => {
    expect(isMachineCopy(`site/${MACHINE_FILE}`)).toBe(true);
    expect(isMachineCopy(`site/${FUZZ_MACHINE_FILE}`)).toBe(true);
    expect(isMachineCopy(`site/${RESULTS_FILE}`)).toBe(false);
    expect(isMachineCopy(MACHINE_FILE)).toBe(false);
  });
});
