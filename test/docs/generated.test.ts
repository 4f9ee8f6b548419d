// generated/ is what `npm run docs` writes: it must be fresh, every diagram must parse with Mermaid's own parser,
// and every rendered SVG must be well-formed and carry the labels a reader looks for.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSvg, chromiumMissing, generateDocs, validateMermaid } from '../../docs-gen/index.ts';
import { hasChromium, inCi } from '../docs-gen/chromium-gate.ts';

const GENERATED = join(import.meta.dirname, '..', '..', 'generated');
const diagrams = readdirSync(join(GENERATED, 'diagrams'));

describe('generated/', () => {
  // Under another fast-check seed and run count (global settings and FC_SEED / FC_NUM_RUNS), so that a replayed
  // `FC_SEED=… npm test` cannot fail here: generated documents take their settings as parameters. Markdown, .mmd and
  // HTML always; the SVGs are redrawn in Chromium and compared when it is there (always in CI).
  it(`is up to date, byte for byte, whatever seed the test run uses (fix: npm run docs)${hasChromium ? '' : ` (SVGs by their Mermaid hash only: ${chromiumMissing()})`}`, async () => {
    const global = fc.readConfigureGlobal();
    const env = { FC_SEED: process.env.FC_SEED, FC_NUM_RUNS: process.env.FC_NUM_RUNS };
    fc.configureGlobal({ ...global, seed: (global.seed ?? 0) + 1, numRuns: 7 });
    process.env.FC_SEED = String((global.seed ?? 0) + 1);
    process.env.FC_NUM_RUNS = '7';
    try {
      const result = await generateDocs({ check: true });
      expect(result.stale, 'generated/ is stale; regenerate it with: npm run docs').toEqual([]);
      if (hasChromium || inCi) expect(result.svg).toBe('drawn');
    } finally {
      fc.configureGlobal(global);
      for (const [name, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    // Regenerating diffs the 8 consecutive profile pairs for versions.md (about 5 s) beside the SVGs: more than the
    // default minute on 2 busy cores. (backends.md is rendered from generated/backends.json, whose own freshness is
    // test/oracle/backends-data.test.ts.)
  }, 240_000);

  it('every diagram parses with Mermaid', async () => {
    const mmd = diagrams.filter((f) => f.endsWith('.mmd'));
    expect(mmd.length).toBeGreaterThan(10);
    const texts = mmd.map((f) => readFileSync(join(GENERATED, 'diagrams', f), 'utf8'));
    const results = await validateMermaid(texts);
    for (const [i, r] of results.entries()) expect(r, mmd[i]).toEqual({ ok: true });
  });

  it('every .mmd has a rendered SVG that is well-formed', () => {
    for (const f of diagrams.filter((x) => x.endsWith('.mmd'))) {
      const svg = readFileSync(join(GENERATED, 'diagrams', f.replace(/\.mmd$/, '.svg')), 'utf8');
      expect(checkSvg(svg, []).problems, f).toEqual([]);
    }
  });

  it('the SVGs carry the labels of their diagrams', () => {
    const svg = (name: string) => readFileSync(join(GENERATED, 'diagrams', `${name}.svg`), 'utf8');
    expect(
      checkSvg(svg('index-nat-istio-1_10'), ['ISTIO_OUTPUT', 'ISTIO_INBOUND', 'Envoy :15001', 'Envoy :15006']).problems,
    ).toEqual([]);
    expect(
      checkSvg(svg('traffic-local-to-local-local-to-local-istio-1_10'), [
        '15001',
        '15006',
        'ISTIO_OUTPUT#9',
        'ISTIO_OUTPUT#2',
        'application',
        'Envoy',
      ]).problems,
    ).toEqual([]);
    expect(
      checkSvg(svg('traffic-envoy-inter-process-envoy-inter-process-istio-1_10'), ['ISTIO_OUTPUT#4', 'pilot-agent'])
        .problems,
    ).toEqual([]);
  });

  it('has the pages a reader needs: 1.25 beside 1.10 for every type, port 22 with its history, renumberings said', () => {
    const md = (name: string) => readFileSync(join(GENERATED, name), 'utf8');
    for (const type of ['remote-to-local', 'local-to-remote', 'prometheus-to-local', 'local-to-local']) {
      for (const profile of ['istio-1_10', 'istio-1_25']) {
        expect(diagrams, `${type} on ${profile}`).toContain(`traffic-${type}-${type}-${profile}.svg`);
      }
    }
    expect(diagrams).toContain('traffic-envoy-inter-process-envoy-inter-process-istio-1_25.svg');
    expect(diagrams).toContain('traffic-sidecar-to-istiod-sidecar-to-istiod-istio-1_25.svg');
    // Hard-coded in istio-iptables up to 1.12, so the rules of 1.4 to 1.11 skip it and the later ones capture it.
    const port22 = md('ports.md')
      .split('\n')
      .find((l) => l.startsWith('| 22 '));
    expect(port22).toMatch(/\| istio-1\.4, istio-1\.5, istio-1\.8, istio-1\.10, istio-1\.11 +\|/);
    // The mutant's trace numbers rules as the mutant does, and says so.
    expect(md('invariants.md')).toContain('rules 5, 6, 8 and 9 of istio-1.10 are rules 4, 5, 6 and 7');
    expect(md('traffic/remote-to-local.md')).toContain(
      'In istio-1.25, nat ISTIO_INBOUND: rules 3, 4, 5 and 6 of istio-1.10 are rules 2, 3, 4 and 5',
    );
    // iptables vs nftables: kube-virt-interfaces (IPv6 off) differs on IPv6 only, and the trace pair shows the
    // application's IPv6 connection leaving the pod under iptables and landing on 15001 under nftables.
    const backends = md('backends.md');
    expect(backends.split('\n').find((l) => l.startsWith('| kube-virt-interfaces '))).toMatch(
      /\| ipv4 +\| equivalent over [\d,]+ classes +\| 3 differences \(/,
    );
    expect(backends).toContain('kube-virt-interfaces, ipv6, difference 1: leaves the pod -> via 15001, leaves the pod');
    // Confirmed on the kernel (generated/backends.json's kernel results): the nft replay lands on Envoy's 15001.
    expect(backends).toMatch(
      /\| ipv6 differs.*3 of 3 kernel-confirmed|3 differences \(360 classes of [\d,]+; 3 of 3 kernel-confirmed\)/,
    );
    expect(backends).toContain(
      'nft -f        #1 app 1000/1000 -> [fd00:250::3]:8080: counted inet istio-proxy-nat istio-output#9',
    );
    expect(md('index.md')).toContain('(backends.md)');
  });
});
