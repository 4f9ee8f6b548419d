// A base chain's policy hit is shown as its own tool lists it: `policy accept` on a native nftables chain (as nft's
// trace names it), `:OUTPUT ACCEPT` on an iptables chain (iptables-save's policy line).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISTIO_FIXTURES, runCli } from './helpers.ts';

const DEFAULT_NFT = join(ISTIO_FIXTURES, 'nft-profiles', 'default-1.31.nft');

describe('policy hits', () => {
  it('nft: Envoy leaving the pod falls to the output chain policy, shown as (policy accept)', async () => {
    const r = await runCli(['trace', DEFAULT_NFT, '--actor', 'envoy', '--dst', '10.250.0.3:8080']);
    expect(r.stdout).toMatch(/inet istio-proxy-nat {2}output:policy +\(policy accept\)\n/);
    expect(r.stdout).not.toContain(':output ACCEPT');
  });

  it('iptables: the same hit is the :OUTPUT ACCEPT policy line', async () => {
    const r = await runCli(['trace', '--profile', 'istio-1.25', '--actor', 'envoy', '--dst', '10.250.0.3:8080']);
    expect(r.stdout).toMatch(/nat +OUTPUT:policy +\(:OUTPUT ACCEPT\)\n/);
  });
});
