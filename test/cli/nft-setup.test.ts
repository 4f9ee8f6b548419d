// Which configuration and version check works with on native nftables rules: the drift against what the nftables
// generator writes for the given configuration (none on each golden with its own configuration), and without one the
// configuration read back from the rules, printed first and carried in the JSON: on each golden it gives the same
// verdicts as the golden's own configuration. The newest version is assumed (never iptables inference's "not a
// rule set istio-iptables wrote").
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

const nftGolden = (name: string) => join(ISTIO_FIXTURES, 'nft-goldens', `${name}.golden`);
const config = (name: string) => join(ISTIO_FIXTURES, 'configs', `${name}.json`);
const DEFAULT_NFT = join(ISTIO_FIXTURES, 'nft-profiles', 'default-1.31.nft');
const NFT_GOLDENS = readdirSync(join(ISTIO_FIXTURES, 'nft-goldens'))
  .filter((f) => f.endsWith('.golden'))
  .map((f) => f.slice(0, -'.golden'.length));

async function checkOf(args: string[]) {
  const r = await runCli(['check', ...args, '--json']);
  const doc = validJson<CheckDoc>('check', r.stdout);
  const invariants = doc.invariants.map((i) => ({ id: i.id, family: i.family, status: i.status, reason: i.reason }));
  return { code: r.code, istio: doc.istio!, invariants, captureOff: doc.captureOff ?? [] };
}

/**
 * Whether a golden's configuration switches outbound or inbound capture off against the default injection (Istio's
 * test base is `-i '' -b ''`): read from the configuration file itself, not from the rules, so it is an independent
 * account of which goldens `check` must doubt when they are read back without their configuration (exit 6).
 */
function switchesCaptureOff(name: string): boolean {
  const c = JSON.parse(readFileSync(config(name), 'utf8')) as Record<string, unknown>;
  const noOutbound = c.OUTBOUND_IPRANGES_INCLUDE === '' && c.OUTBOUND_PORTS_INCLUDE === '';
  return c.INBOUND_PORTS_INCLUDE === '' || noOutbound;
}

/**
 * Invariants whose verdict differs alone, as on the iptables golden of the same configuration: a configuration read
 * back is not taken as the user's intent for metrics-bypass (istio-1.4's default injection captures 15090 by mistake
 * and must stay violated), and `-b '*' -d ''` really captures 15090 and 15020, which the given configuration asks for.
 */
const READ_BACK_DIFFERS: Readonly<Record<string, readonly string[]>> = {
  'inbound-ports-wildcard': ['metrics-bypass'],
};

const istioOf = async (args: string[]) => (await checkOf(args)).istio;

describe('check on native nftables rules', () => {
  // Each check in its own test (a check of a golden takes seconds, many under load); the verdicts with the
  // configuration are kept for the test alone, which recomputes them if it runs by itself.
  const givenVerdicts = new Map<string, Awaited<ReturnType<typeof checkOf>>>();
  const givenOf = async (name: string) => {
    const known = givenVerdicts.get(name);
    if (known) return known;
    const given = await checkOf([nftGolden(name), '--config', config(name)]);
    givenVerdicts.set(name, given);
    return given;
  };

  it.each(NFT_GOLDENS)('%s with its configuration: no drift, the newest version', async (name) => {
    const given = await givenOf(name);
    expect(given.istio.source).toBe('given');
    expect(given.istio.drift?.exact).toBe(true);
    expect(given.istio.version).toBe('1.31');
  });

  it.each(NFT_GOLDENS)('%s alone: the configuration read back, exact, and the same verdicts', async (name) => {
    const alone = await checkOf([nftGolden(name)]);
    expect(alone.istio.source).toBe('inferred');
    expect(alone.istio.drift?.exact).toBe(true);
    expect(alone.istio.version).toBe('1.31');
    const given = await givenOf(name);
    const explained = READ_BACK_DIFFERS[name] ?? [];
    for (const id of explained) {
      expect(alone.invariants.filter((i) => i.id === id).map((i) => i.status)).toEqual(['violated', 'violated']);
      expect(given.invariants.filter((i) => i.id === id).map((i) => i.status)).toEqual([
        'not-applicable',
        'not-applicable',
      ]);
    }
    const rest = (list: typeof alone.invariants) => list.filter((i) => !explained.includes(i.id));
    expect(rest(alone.invariants)).toEqual(rest(given.invariants));
    // Read back alone, a configuration that switches capture off is doubted (exit 6, outranked only by a violation).
    const doubted = switchesCaptureOff(name);
    expect(alone.captureOff.length > 0).toBe(doubted);
    // Each doubt names the chains as nft's own listing does.
    for (const d of alone.captureOff) expect(d.text).not.toMatch(/ISTIO_|PREROUTING/);
    const violated = explained.length > 0 || given.code === 1;
    expect(alone.code).toBe(violated ? 1 : doubted ? 6 : given.code);
  });

  it("another configuration's rules drift, in nft's words, each inet rule once (not once per family)", async () => {
    const r = await runCli(['check', nftGolden('empty'), '--config', config('kube-virt-interfaces')]);
    // The five rules kube-virt-interfaces.golden has and empty.golden lacks (read by hand): two `iifname … return`
    // and two `iifname … jump istio-redirect` in prerouting, and istio-output's last `counter jump istio-redirect`.
    expect(r.stdout).toContain('drift:   5 differences from what the given configuration generates at Istio 1.31');
    expect(r.stdout).toContain(
      'missing at inet istio-proxy-nat prerouting #1: iifname "eth2" counter jump istio-redirect',
    );
    expect(r.stdout).toContain('missing at inet istio-proxy-nat istio-output #9: counter jump istio-redirect');
    expect(r.stdout).not.toContain('-A prerouting');
    expect(r.stdout).not.toContain('ip6tables');
    const istio = await istioOf([nftGolden('empty'), '--config', config('kube-virt-interfaces')]);
    expect(istio.drift?.items[0]).toMatchObject({
      kind: 'missing',
      expected: { table: 'istio-proxy-nat', nft: { family: 'inet' } },
    });
  });

  it("the default injected sidecar's rules: the configuration read back", async () => {
    const istio = await istioOf([DEFAULT_NFT]);
    expect(istio.source).toBe('inferred');
    expect(istio.versionSource).toBe('rules');
    expect(istio.commandLine?.text).toBe(
      "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020",
    );
    expect(istio.drift?.exact).toBe(true);
  });

  it('other nft rules: the configuration read back is printed first, with what the rules cannot show', async () => {
    const r = await runCli(['check', nftGolden('kube-virt-interfaces')]);
    const lines = r.stdout.split('\n');
    expect(lines[2]).toBe(
      "istio:   configuration read back from the rules: istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '' -d '' -k eth1,eth2",
    );
    expect(lines[3]).toBe(
      "version: the configuration read back from these native nftables rules regenerates them with the model's nftables generator, which follows Istio master; the newest known version, 1.31, is assumed",
    );
    expect(r.stdout).toContain(
      'note:    no rule tests an IPv6 address (run.go writes ip6 rules only with ENABLE_INBOUND_IPV6): IPv6 read as off',
    );
    const istio = await istioOf([nftGolden('kube-virt-interfaces')]);
    expect(istio.source).toBe('inferred');
    expect(istio.versionSource).toBe('newest');
    expect(istio.config).toMatchObject({ KUBE_VIRT_INTERFACES: 'eth1,eth2', OUTBOUND_IPRANGES_INCLUDE: '*' });
  });

  it('nft rules Istio did not write: no configuration, and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-nft-'));
    try {
      const file = join(dir, 'filter.nft');
      writeFileSync(file, 'table inet filter {\n  chain output {\n    type filter hook output priority 0;\n  }\n}\n');
      const r = await runCli(['check', file]);
      expect(r.stdout).toContain(
        "istio:   no Istio configuration: the rules have no table inet istio-proxy-nat with an istio-output chain: not a rule set istio-nftables wrote; give --config FILE or --istio-args '…' to compare the rules with a configuration",
      );
      expect(r.stdout).not.toContain('not a rule set istio-iptables wrote');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a hand-edited golden alone: the nearest configuration, and the drift names the deleted rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-nft-'));
    try {
      const file = join(dir, 'edited.nft');
      const deleted = 'add rule inet istio-proxy-nat istio-output skuid 1337 counter return';
      const text = readFileSync(nftGolden('ipnets'), 'utf8');
      expect(text).toContain(`${deleted}\n`);
      writeFileSync(file, text.replace(`${deleted}\n`, ''));
      const r = await runCli(['check', file]);
      expect(r.stdout).toContain(
        "istio:   no configuration reproduces the rules exactly; the nearest: istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i 10.0.0.0/8 -x '' -b '' -d ''",
      );
      expect(r.stdout).toContain('  missing at inet istio-proxy-nat istio-output #4: meta skuid 1337 counter return');
      const istio = await istioOf([file]);
      expect(istio.source).toBe('nearest');
      expect(istio.drift?.items).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a version before 1.27 given for nft rules is noted', async () => {
    const istio = await istioOf([nftGolden('empty'), '--config', config('empty'), '--istio-version', '1.26']);
    expect(istio.version).toBe('1.26');
    expect(istio.notes).toContain('Istio 1.26 has no native nftables backend (tools/istio-nftables arrived in 1.27)');
  });

  it('trace --json on nft rules matches its schema (hits name the nft table as family and name)', async () => {
    const r = await runCli([
      'trace',
      DEFAULT_NFT,
      '--uid',
      '1000',
      '--gid',
      '1000',
      '--dst',
      '10.250.0.3:8080',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = validJson<Record<string, unknown>>('trace', r.stdout);
    expect(JSON.stringify(doc)).toContain('"table":"inet istio-proxy-nat"');
  });
});
