// Which configuration and version check works with on native nftables rules: the drift against what the nftables
// generator writes for the given configuration (none on each golden with its own configuration), the default injected
// sidecar's rules recognised, and otherwise the truth: reading a configuration back from nft is not supported yet,
// and the newest version is assumed (never iptables inference's "not a rule set istio-iptables wrote").
import { readdirSync } from 'node:fs';
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

async function istioOf(args: string[]) {
  const r = await runCli(['check', ...args, '--json']);
  return validJson<CheckDoc>('check', r.stdout).istio!;
}

describe('check on native nftables rules', () => {
  it.each(NFT_GOLDENS)('%s with its configuration: no drift, the newest version', async (name) => {
    const istio = await istioOf([nftGolden(name), '--config', config(name)]);
    expect(istio.source).toBe('given');
    expect(istio.drift?.exact).toBe(true);
    expect(istio.version).toBe('1.31');
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

  it('other nft rules: says inference from nft is not supported and what was assumed', async () => {
    const r = await runCli(['check', nftGolden('kube-virt-interfaces')]);
    expect(r.stdout).not.toContain('not a rule set istio-iptables wrote');
    expect(r.stdout).toContain(
      'istio:   no Istio configuration: reading a configuration back from native nftables rules is not supported yet',
    );
    expect(r.stdout).toContain(
      "version: native nftables rules: the model's nftables generator follows Istio master, so the newest known version, 1.31, is assumed",
    );
    const istio = await istioOf([nftGolden('kube-virt-interfaces')]);
    expect(istio.source).toBe('none');
    expect(istio.versionSource).toBe('newest');
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
