// The kernel fuzzer's model side decides loadability with the same checks the CLI reports (loadRefusals), per
// backend: a jump depth of 16 is refused by iptables-nft only, DROP in nat by both (the parser's own error).
import { describe, expect, it } from 'vitest';
import { modelWorld } from '../../oracle/fuzz/predict.ts';

function nestedJumps(depth: number): string {
  const chains = Array.from({ length: depth }, (_, i) => `C${i}`);
  return [
    '*nat',
    ':OUTPUT ACCEPT [0:0]',
    ...chains.map((c) => `:${c} - [0:0]`),
    '-A OUTPUT -j C0',
    ...chains.slice(0, -1).map((c, i) => `-A ${c} -j C${i + 1}`),
    'COMMIT',
    '',
  ].join('\n');
}

describe('modelWorld: loadability per backend', () => {
  it('a jump depth of 16 is refused for nft, loaded for legacy', () => {
    const c = { family: 'ipv4' as const, rules: nestedJumps(16), connections: [] };
    const nft = modelWorld(c, 'nft');
    expect('refused' in nft && nft.refused).toMatch(/^19:1 jump-depth: /);
    expect('world' in modelWorld(c, 'legacy')).toBe(true);
  });

  it('a jump depth of 15 loads on both', () => {
    const c = { family: 'ipv4' as const, rules: nestedJumps(15), connections: [] };
    expect('world' in modelWorld(c, 'nft')).toBe(true);
    expect('world' in modelWorld(c, 'legacy')).toBe(true);
  });

  it('DROP in nat is refused on both, by the parser', () => {
    const c = {
      family: 'ipv4' as const,
      rules: '*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j DROP\nCOMMIT\n',
      connections: [],
    };
    for (const b of ['nft', 'legacy'] as const) {
      const m = modelWorld(c, b);
      expect('refused' in m && m.refused).toMatch(/^3:14 illegal-target: /);
    }
  });
});
