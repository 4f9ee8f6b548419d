// `diff --markdown`: a review report read back with the Markdown parser (mdast) for its structure, and every Mermaid
// block checked with mermaid's own parser (under jsdom, docs-gen's validateMermaid). The expected structure comes
// from the rules: deleting istio-1.10's ISTIO_OUTPUT rules 4 and 7 makes Envoy's outbound connections loop, and the
// two removed rules are the rule view.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Code, Heading, Root, Table } from 'mdast';
import { toString as mdText } from 'mdast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMarkdown, validateMermaid } from '../../docs-gen/index.ts';
import { profileFiles, runCli } from './helpers.ts';

const DIR = mkdtempSync(join(tmpdir(), 'sidecar-chains-diff-md-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function withoutProxyReturns(): string {
  let n = 0;
  const kept = readFileSync(profileFiles()['istio-1.10'], 'utf8')
    .split('\n')
    .filter((l) => !(l.startsWith('-A ISTIO_OUTPUT ') && [4, 7].includes(++n)));
  const f = join(DIR, 'no-returns.rules');
  writeFileSync(f, kept.join('\n'));
  return f;
}

const ofType = <T extends Root['children'][number]>(tree: Root, type: T['type']) =>
  tree.children.filter((n): n is T => n.type === type);

describe('diff --markdown', () => {
  it('istio-1.10 without rules 4 and 7: summary, the loop group with its table and two diagrams, the rule view', async () => {
    const r = await runCli(['diff', profileFiles()['istio-1.10'], withoutProxyReturns(), '--markdown']);
    expect(r.code).toBe(1);
    const tree = parseMarkdown(r.stdout);
    const headings = ofType<Heading>(tree, 'heading').map((h) => [h.depth, mdText(h)]);
    expect(headings[0]).toEqual([1, 'sidecar-chains diff']);
    expect(headings).toContainEqual([2, 'ipv4']);
    expect(headings).toContainEqual([3, 'Changes of fate']);
    expect(headings).toContainEqual([3, 'Exit rule only']);
    expect(headings).toContainEqual([3, 'Rules added, removed or moved (ipv4)']);
    // The first group of fate: Envoy's connection that left the pod now loops through 15001, whatever the loop's length.
    expect(headings).toContainEqual([
      4,
      expect.stringMatching(
        /^1\. Envoy's connections \(and process's\): leaves the pod becomes loops through 15001 \(\d+ classes\)$/,
      ),
    ]);
    expect(mdText(tree)).toContain('envoy (uid/gid 1337/1337) in the pod -> 10.250.0.3:8080/tcp');
    // Envoy's and a gid-1337 process's connections: looping, delivered to 15001, or through 15006 to the app.
    expect(mdText(tree)).toMatch(
      /ipv4: [\d,]+ of [\d,]+ classes change \(3 groups change fate, \d+ groups only change their deciding rule; proved over every class\)/,
    );

    const tables = ofType<Table>(tree, 'table');
    const firstGroup = tables[0]!;
    expect(firstGroup.children[1]!.children.map((c) => mdText(c))).toEqual([
      'fate',
      'leaves the pod',
      'via 15001 -> 15001, loops',
    ]);
    const rules = tables.at(-1)!;
    expect(rules.children.map((row) => row.children.slice(0, 3).map((c) => mdText(c)))).toEqual([
      ['change', 'where', 'rule'],
      ['removed', 'nat ISTIO_OUTPUT old #4', '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN'],
      ['removed', 'nat ISTIO_OUTPUT old #7', '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN'],
    ]);
    expect(mdText(rules.children[2]!.children[3]!)).toBe('1 (with others), 2 (with others), 3 (with others)');

    // Two diagrams (before, after) per group of fate, each one mermaid accepts.
    const diagrams = ofType<Code>(tree, 'code').filter((c) => c.lang === 'mermaid');
    expect(diagrams).toHaveLength(6);
    expect(diagrams[0]!.value).toMatch(/^sequenceDiagram\n/);
    expect(await validateMermaid(diagrams.map((d) => d.value))).toEqual(diagrams.map(() => ({ ok: true })));
  });

  it('an equivalent pair: the verdict, the per-family proof and no rule changed', async () => {
    const r = await runCli(['diff', '--old-profile', 'istio-1.10', '--new-profile', 'istio-1.11', '--markdown']);
    expect(r.code).toBe(0);
    const tree = parseMarkdown(r.stdout);
    const text = mdText(tree);
    expect(text).toContain('Verdict. behaviourally equivalent.');
    expect(text).toMatch(/ipv4: behaviourally equivalent over all [\d,]+ classes \(proved over every class\)\./);
    expect(text).toContain('None: both sides hold the same rules in the same order.');
    expect(ofType<Code>(tree, 'code')).toEqual([]);
  });

  it('--markdown and --json together are a usage error', async () => {
    const r = await runCli([
      'diff',
      '--old-profile',
      'istio-1.10',
      '--new-profile',
      'istio-1.11',
      '--markdown',
      '--json',
    ]);
    expect(r.code).toBe(2);
  });
});
