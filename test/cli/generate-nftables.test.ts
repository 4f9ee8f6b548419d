// generate --backend nftables --config FILE through the command line reproduces each of Istio's nftables goldens
// (tools/istio-nftables testdata, copied into test/fixtures/istio/nft-goldens) byte for byte.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISTIO_FIXTURES, runCli, spawnCli } from './helpers.ts';

const nftGolden = (name: string) => join(ISTIO_FIXTURES, 'nft-goldens', `${name}.golden`);
const config = (name: string) => join(ISTIO_FIXTURES, 'configs', `${name}.json`);
const NFT_GOLDENS = readdirSync(join(ISTIO_FIXTURES, 'nft-goldens'))
  .filter((f) => f.endsWith('.golden'))
  .map((f) => f.slice(0, -'.golden'.length));

/** What generate says on stderr for a configuration (hand-written: the configuration file's own notes). */
const STDERR: Record<string, string> = {
  'ipv6-ipnets': `warning: ${config('ipv6-ipnets')}: note[ignored-input]: INBOUND_PORTS_EXCLUDE: "6000,7000," is ignored: excluded inbound ports only apply when the included ports are "*"\n`,
};

describe('generate --backend nftables --config reproduces each nft golden byte for byte', () => {
  it('covers the 19 shared nft goldens', () => {
    expect(NFT_GOLDENS).toHaveLength(19);
  });

  it.each(NFT_GOLDENS)('%s', async (name) => {
    const r = await runCli(['generate', '--backend', 'nftables', '--config', config(name)]);
    expect(r.stderr).toBe(STDERR[name] ?? '');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(nftGolden(name), 'utf8'));
  });

  it('in the real process too', async () => {
    const r = await spawnCli(['generate', '--backend', 'nftables', '--config', config('kube-virt-interfaces')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(nftGolden('kube-virt-interfaces'), 'utf8'));
  });

  it('refuses a version before 1.27 and the iptables-save format', async () => {
    const old = await runCli([
      'generate',
      '--backend',
      'nftables',
      '--config',
      config('empty'),
      '--istio-version',
      '1.26',
    ]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('Istio 1.26 has no native nftables backend (from 1.27)');
    const fmt = await runCli([
      'generate',
      '--backend',
      'nftables',
      '--config',
      config('empty'),
      '--format',
      'iptables-save',
    ]);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('--format iptables-save does not apply');
  });
});
