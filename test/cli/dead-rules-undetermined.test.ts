// A rule the model cannot evaluate (kube-proxy's `-m statistic`) stops the walks that reach it as undetermined, so
// what lies past it is unknown, never "dead": found auditing issue 16's node dump, where the lint listed every
// kube-proxy endpoint chain as dead and printed "is decided earlier by ." for the rule after the statistic one.
import { describe, expect, it } from 'vitest';
import { spawnCli } from './helpers.ts';

const dump = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  ':KUBE-SERVICES - [0:0]',
  ':KUBE-SVC-A - [0:0]',
  ':KUBE-SEP-A1 - [0:0]',
  ':KUBE-SEP-A2 - [0:0]',
  ':KUBE-UNUSED - [0:0]',
  '-A OUTPUT -j KUBE-SERVICES',
  '-A POSTROUTING -j MASQUERADE',
  '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A',
  '-A KUBE-SVC-A -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A1',
  '-A KUBE-SVC-A -j KUBE-SEP-A2',
  '-A KUBE-SEP-A1 -p tcp -m tcp -j DNAT --to-destination 10.244.0.1:8080',
  '-A KUBE-SEP-A2 -p tcp -m tcp -j DNAT --to-destination 10.244.0.2:8080',
  '-A KUBE-UNUSED -j RETURN',
  'COMMIT',
  '',
].join('\n');

describe('dead rules past a rule the model cannot evaluate (the real process)', () => {
  it('are not reported; a chain nothing jumps to still is', async () => {
    const r = await spawnCli(['check', '-', '--invariant', 'dead-rules', '--json'], { stdin: dump });
    const doc = JSON.parse(r.stdout) as { deadRules: { chain: string; index: number }[] };
    // Before the fix: KUBE-SVC-A 2 ("decided earlier by ."), KUBE-SEP-A1 1 and KUBE-SEP-A2 1 too.
    const dead = doc.deadRules.map((d) => `${d.chain} ${d.index}`);
    expect(dead).toEqual(['KUBE-UNUSED 1']);
    const text = await spawnCli(['check', '-'], { stdin: dump });
    expect(text.stdout).not.toContain('decided earlier by .');
    expect(text.stdout).not.toMatch(/KUBE-SEP-A\d is dead|POSTROUTING is dead/);
  });
});
