// A rule set that does not capture says so naming the chains as its own dump names them: nft's lowercase chains in
// inet istio-proxy-nat for native nftables rules, ISTIO_* for iptables (model/ruleset/sidecar.ts).
import { describe, expect, it } from 'vitest';
import { checkWorld } from '../../model/invariants/index.ts';
import { nftRulesets, parseNftOrThrow } from '../../model/nft/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';

const envoy = findProfile('istio-1.25')!.envoy;
const reasons = (world: ReturnType<typeof makeWorld>) =>
  checkWorld(world).invariants.flatMap((i) => (i.status === 'not-applicable' && i.reason ? [i.reason] : []));

describe('not-applicable reasons name the backend’s chains', () => {
  it('native nftables rules without capture: istio-inbound, istio-redirect, istio-output; never ISTIO_*', () => {
    const nft = nftRulesets(parseNftOrThrow('add table inet istio-proxy-nat\n').ruleset);
    const all = reasons(makeWorld({ rulesets: { ipv4: nft.ipv4 }, envoy })).join('\n');
    expect(all).toContain('no prerouting jump to istio-inbound in inet istio-proxy-nat');
    expect(all).toContain('no jump to istio-redirect in istio-output');
    expect(all).not.toMatch(/ISTIO_/);
  });

  it('iptables rules without capture keep ISTIO_INBOUND and ISTIO_REDIRECT', () => {
    const [ipv4] = parseDumpOrThrow('*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n').rulesets;
    const all = reasons(makeWorld({ rulesets: { ipv4: ipv4! }, envoy })).join('\n');
    expect(all).toContain('no PREROUTING jump to ISTIO_INBOUND');
    expect(all).toContain('no jump to ISTIO_REDIRECT in ISTIO_OUTPUT');
  });
});
