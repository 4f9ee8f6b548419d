// The DNS page's directives: ::dns-trace (a DNS scenario in a profile's pod with DNS capture on, query and answer
// with their zones) and ::dns-versions (what each release does with DNS). The expected zones are written by hand from
// istio-iptables' DNS rules per release (model/istio/generate/dns.ts: zones from 1.11, the upstream answer rule on
// `-d server` until 1.19, Istio #46935), the same as test/pod/dns-scenarios.test.ts, not read from the page's code.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDocs } from '../../docs-gen/index.ts';
import { fitSequenceToColumn } from '../../docs-gen/pages/diagram-block.ts';
import { dnsVersionBlocks } from '../../docs-gen/pages/dns-versions.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function site(name: string, text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'sidecar-dns-docs-'));
  roots.push(root);
  mkdirSync(join(root, 'docs-src'), { recursive: true });
  writeFileSync(join(root, 'docs-src', name), text);
  return root;
}

const FOUND = (z: number) => `zone ${z}, found as reply`;
const MISSED = "zone 0, a new entry (the query's stays UNREPLIED)";
const NOT_MODELLED = ['not modelled (environment-driven before 1.9)', '', '', '', ''];
const WRONG_ZONE = 'dns-zone-consistency (dns-query), dns-zone-consistency (dns-proxy-upstream)';

describe('::dns-versions', () => {
  it('gives per profile the zones of query, upstream query and its answer, and the violated invariants', () => {
    const t = dnsVersionBlocks().find((b): b is Table => b.type === 'table')!;
    const rows = t.children.slice(1).map((r) => r.children.map((c) => mdToString(c)));
    expect(rows).toEqual([
      ['istio-1.4', ...NOT_MODELLED],
      ['istio-1.5', ...NOT_MODELLED],
      ['istio-1.8', ...NOT_MODELLED],
      // No zones: pilot-agent's upstream query shares zone 0 with the application's (the race of Istio #33572).
      ['istio-1.10', 'zone 0', 'zone 0', FOUND(0), FOUND(0), 'dns-zone-consistency (dns-proxy-upstream)'],
      ['istio-1.11', 'zone 2', 'zone 1', MISSED, FOUND(1), WRONG_ZONE],
      ['istio-1.14', 'zone 2', 'zone 1', MISSED, FOUND(1), WRONG_ZONE],
      ['istio-1.18', 'zone 2', 'zone 1', MISSED, FOUND(1), WRONG_ZONE],
      ['istio-1.22', 'zone 2', 'zone 1', FOUND(1), FOUND(1), 'none'],
      ['istio-1.25', 'zone 2', 'zone 1', FOUND(1), FOUND(1), 'none'],
    ]);
  });
});

describe('::dns-trace', () => {
  it('shows the query and the answer with their zones, and a diagram with dashed answer arrows', async () => {
    const root = site('dns.md', '# DNS\n\n::dns-trace{scenario="dns-query" profile="istio-1.25"}\n');
    await generateDocs({ root, svg: false });
    const md = readFileSync(join(root, 'generated', 'dns.md'), 'utf8');
    expect(md).toContain(
      "DNS capture --redirect-dns, the server list being resolv.conf's server, the kube-dns Service.",
    );
    expect(md).toContain('  Service_kube_dns-->>pilot_agent: 2. answer from 10.251.0.53:53 [zone 1, reply] answered');
    // The upstream answer is found in its query's zone 1 and the entry is replied.
    expect(md).toContain(
      'zone 1, found as reply, ESTABLISHED; entry 10.250.0.2:40002 -> 10.251.0.53:53 / 10.251.0.53:53 -> 10.250.0.2:40002 in zone 1, REPLIED',
    );
    // The answers' own rule hits: the 1.25 reply rule in raw ISTIO_INBOUND matches the server as source.
    expect(md).toContain('`-A ISTIO_INBOUND -s 10.251.0.53/32 -p udp -m udp --sport 53 -j CT --zone 1`');
    const mmd = readFileSync(join(root, 'generated', 'diagrams', 'dns-dns-query-istio-1_25.mmd'), 'utf8');
    expect(mmd).toContain('[zone 2]');
  });

  it("refuses 1.18's wrong reply zone (#46935) unless the page calls it a counterexample", async () => {
    const bad = site('d.md', '# D\n\n::dns-trace{scenario="dns-query" profile="istio-1.18"}\n');
    await expect(generateDocs({ root: bad, svg: false })).rejects.toThrow(/violates invariant dns-zone-consistency/);
    const ok = site('e.md', '# E\n\n::dns-trace{scenario="dns-query" profile="istio-1.18" counterexample="true"}\n');
    await generateDocs({ root: ok, svg: false });
    expect(readFileSync(join(ok, 'generated', 'e.md'), 'utf8')).toContain(
      'zone 0, new entry, NEW; entry 10.251.0.53:53 -> 10.250.0.2:40002 / 10.250.0.2:40002 -> 10.251.0.53:53 in zone 0, UNREPLIED',
    );
  });

  it('names an unknown DNS scenario, and a profile without modelled DNS capture, with file:line', async () => {
    const a = site('a.md', '# A\n\n::dns-trace{scenario="local-to-remote" profile="istio-1.25"}\n');
    await expect(generateDocs({ root: a, svg: false })).rejects.toThrow(
      /docs-src\/a\.md:3:1[\s\S]*unknown DNS scenario "local-to-remote"/,
    );
    const b = site('b.md', '# B\n\n::dns-trace{scenario="dns-query" profile="istio-1.8"}\n');
    await expect(generateDocs({ root: b, svg: false })).rejects.toThrow(
      /docs-src\/b\.md:3:1[\s\S]*DNS capture is modelled from Istio 1\.9 on/,
    );
  });
});

describe('fitSequenceToColumn', () => {
  const seq = (n: number) =>
    `sequenceDiagram\n${Array.from({ length: n }, (_, i) => `  participant p${i} as p${i}\n`).join('')}  p0->>p1: x\n`;

  it('leaves three lifelines at the site-wide width, and gives four their own narrower width in front matter', () => {
    expect(fitSequenceToColumn(seq(3))).toBe(seq(3));
    // (880 - 100 padding - 3 margins of 50) / 4 lifelines
    expect(fitSequenceToColumn(seq(4))).toBe(`---\nconfig:\n  sequence:\n    width: 157\n---\n${seq(4)}`);
    expect(fitSequenceToColumn('flowchart LR\n  a --> b\n')).toBe('flowchart LR\n  a --> b\n');
  });
});
