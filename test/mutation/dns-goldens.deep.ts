// Mutation adequacy of the DNS invariants on the two shared goldens with DNS rules (dns-uid-gid, ip-range), scoped by
// their configurations (golden-mutation.ts): only the mutants of their DNS rules (dns-rules.ts: raw, and nat's DNS
// redirects, RETURNs and jumps). Too slow for `npm test`: `npm run test:mutation-goldens`. Issue 13 asks that the DNS
// invariants kill at least 90% of them; they do not yet (31/51 on each, 60.8%), and the survivors are printed with the
// behaviour each changes. Two groups, both outside what the DNS invariants can decide today:
// - the proxy's `--dport 53 -m owner -j CT --zone 1` rules (and the raw OUTPUT jump to them): the goldens' only server
//   is the 127.0.0.53 stub in the pod, whose answers dns-zone-consistency leaves undetermined (model/invariants/dns.ts),
//   and the mutants' other changes are proxy-identity queries to servers outside the list, outside its scope;
// - `add ! on ports` on those rules: non-DNS UDP of the proxy identity moves into zone 1 or 2, and the model follows no
//   reply for non-DNS UDP, so no invariant sees the zone (a follow-up: a scope for non-DNS UDP in a DNS zone).
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
