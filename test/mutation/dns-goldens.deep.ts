// Mutation adequacy of the DNS invariants on the two shared goldens with DNS rules (dns-uid-gid, ip-range), scoped by
// their configurations (golden-mutation.ts): only the mutants of their DNS rules (dns-rules.ts: raw, and nat's DNS
// redirects, RETURNs and jumps). Too slow for `npm test`: `npm run test:mutation-goldens`. Issue 13 asks that the DNS
// invariants kill at least 90% of them; they kill all 51 non-equivalent ones on each (32 more are proved equivalent
// by the model: their traces are the same on every connection). The 20 that survived dns-zone-consistency's first
// scope (60.8%) are killed by its two later ones (model/invariants/dns-zones.ts):
// - the proxy's `--dport 53 -m owner -j CT --zone 1` rules and the raw OUTPUT jump (deleted, port or owner moved,
//   jump retargeted): the goldens' only server is the 127.0.0.53 stub in the pod, whose answers leave the zones
//   undetermined, but a query from a proxy uid or gid then shares the zone of the application's captured query to
//   that server (zone 2, or 0 without the jump): the UDP conntrack race Istio #33572 separated them for;
// - `add ! on ports` on those rules: the proxy's non-DNS UDP goes to zone 1 or 2, and its peer's answer, looked up in
//   zone 0, leaves the entry unreplied (the model follows the answer of a UDP request in a zone, model/pod/reply.ts).
// No survivor is left to list as equivalent or harmless; a new one is printed with the behaviour it changes.
import { describe, expect, it } from 'vitest';
import { renderMutationSummary } from '../../model/mutate/index.ts';
import { dnsRulePositions, isDnsMutant } from './dns-rules.ts';
import { goldenMutationAnalysis } from './golden-mutation.ts';

const DNS_INVARIANTS = ['dns-captured', 'dns-proxy-no-loop', 'dns-zone-consistency', 'dns-exclusions'];

describe.each(['dns-uid-gid', 'ip-range'] as const)('%s DNS rules (ipv4)', (name) => {
  it('the DNS invariants kill at least 90% of the non-equivalent DNS-rule mutants', () => {
    const s = goldenMutationAnalysis(name, 'ipv4', (m, rs) => isDnsMutant(m, dnsRulePositions(rs)));
    const byDns = s.killed.filter((r) => r.killedBy.some((id) => DNS_INVARIANTS.includes(id)));
    const rest = s.killed.filter((r) => !byDns.includes(r));
    console.log(renderMutationSummary(`${name} (DNS rules)`, s));
    console.log(
      `  killed by a DNS invariant: ${byDns.length}; by others only: ${rest.map((r) => r.mutant.id).join('; ')}`,
    );
    expect(s.total).toBeGreaterThan(30);
    expect(byDns.length / Math.max(1, s.killed.length + s.survived.length)).toBeGreaterThanOrEqual(0.9);
  });
});
