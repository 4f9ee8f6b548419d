// generated/backends.md is rendered from backends.json alone: "kernel-confirmed" appears only for a difference whose
// kernel replay matched, an unconfirmed replay says why, and a missing file says how to write it.
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { backendsBlocks } from '../../docs-gen/pages/backends.ts';
import { pageContext } from '../../docs-gen/site/context.ts';
import type { BackendsDifference, BackendsResults } from '../../oracle/index.ts';

const ctx = pageContext('backends.md', 'backends.md');
const diff = (change: string, kernel?: BackendsDifference['kernel']): BackendsDifference => ({
  change,
  classes: 4,
  example: 'app -> [fd00:250::3]:8080/tcp',
  iptablesTrace: 'IPT-TRACE',
  nftTrace: 'NFT-TRACE',
  ...(kernel ? { kernel } : {}),
});
const data = (differences: BackendsDifference[]): BackendsResults => ({
  producer: 'npm run backends',
  version: 1,
  inputs: { rules: 'a'.repeat(64), code: 'b'.repeat(64) },
  configurations: [
    {
      name: 'kube-virt-interfaces',
      iptablesFamilies: ['ipv4'],
      families: [
        { family: 'ipv4', classes: 1200, sampled: null, undetermined: 0, differences: [] },
        { family: 'ipv6', classes: 2436, sampled: null, undetermined: 0, differences },
      ],
    },
  ],
});
const page = (d: BackendsResults | null) =>
  backendsBlocks(ctx, d)
    .map((b) => mdToString(b))
    .join('\n');

describe('the backends page', () => {
  it('says kernel-confirmed only where the replay matched', () => {
    const text = page(
      data([
        diff('leaves the pod -> via 15001', { confirmed: true, iptables: ['#1 IPT-HOP'], nft: ['#1 NFT-HOP'] }),
        diff('refused -> via 15006', { confirmed: false, iptables: [], nft: [], reason: 'nft -f refused the rules' }),
        diff('via 31000 -> via 15006'),
      ]),
    );
    expect(text.match(/Kernel-confirmed/g)).toHaveLength(1);
    expect(text).toContain('1 of 3 kernel-confirmed');
    expect(text).toContain('IPT-HOP');
    expect(text).toContain('Kernel: not confirmed (nft -f refused the rules)');
    expect(text).toContain('Kernel: not confirmed yet');
    expect(text).toContain('equivalent over 1,200 classes');
    expect(text).toContain('IPT-TRACE');
  });

  it('without backends.json, says how to write it', () => {
    expect(page(null)).toContain('npm run backends');
  });
});
