// Dual-stack parity on every shared golden whose configuration enables IPv6, iptables and native nftables (the fast
// suite, test/parity, takes two per backend), and the IPv6 mutants of an ip6tables golden it kills.
import { describe, expect, it } from 'vitest';
import { mutationAnalysis } from '../../model/mutate/index.ts';
import { DUAL_STACK_GOLDENS, dualStackPod, parity } from '../parity/dual-stack.ts';

describe.each(['iptables', 'nftables'] as const)('every dual-stack golden (%s) with its configuration', (backend) => {
  it.each(DUAL_STACK_GOLDENS)('%s: dual-stack-parity holds in both families', (name) => {
    const pod = dualStackPod(name, backend);
    // The nft parser takes no group table: `skgid java` stays unresolved, and what it decides is undetermined.
    const expected = backend === 'nftables' && name === 'ipv6-dns-outbound-owner-groups' ? 'undetermined' : 'holds';
    for (const family of ['ipv4', 'ipv6'] as const) {
      const r = parity(pod, family);
      expect(r.status, r.counterexample?.why ?? r.reason).toBe(expected);
    }
  });
});

describe('the IPv6 mutants of ipv6-inbound-ports', () => {
  it('every IPv6 capture rule deleted is killed by dual-stack-parity', () => {
    const pod = dualStackPod('ipv6-inbound-ports');
    const s = mutationAnalysis(
      pod.world,
      'ipv6',
      pod.intents.ipv6,
      (m) => m.kind === 'delete' && /ISTIO_(INBOUND|IN_REDIRECT|OUTPUT)#/.test(m.id),
      pod.intents.ipv4,
    );
    // Eight of them change some connection (the other seven are proved equivalent: the 15008 RETURN with -b a list,
    // the unreferenced ISTIO_REDIRECT, the owner rules a former one already decides).
    expect(s.killed).toHaveLength(8);
    expect(s.killed.filter((r) => !r.killedBy.includes('dual-stack-parity')).map((r) => r.mutant.id)).toEqual([]);
    expect(s.survived.map((r) => r.mutant.id)).toEqual([]);
  });
});
