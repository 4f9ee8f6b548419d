// nft's `tproxy` statement with no transparent socket at the target ends its rule, and the chain goes on with the
// next rule (net/netfilter/nft_tproxy.c, nft_tproxy_eval_v4/v6: `regs->verdict.code = NFT_BREAK`), where xt_TPROXY
// drops the packet (net/netfilter/xt_TPROXY.c: NF_DROP). Nothing listens transparently on port 15999 here.
import { describe, expect, it } from 'vitest';
import { nftRulesets, parseNftOrThrow } from '../../model/nft/index.ts';
import { makeWorld, simulate } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';

const envoy = findProfile('istio-1.25')!.envoy;
const remoteToLocal = SCENARIOS.find((s) => s.id === 'remote-to-local')!;

const NFT = `add table inet t
add chain inet t p { type filter hook prerouting priority mangle ; }
add rule inet t p meta l4proto tcp tproxy ip to :15999 meta mark set 1337 counter accept
add rule inet t p meta l4proto tcp counter meta mark set 7
`;
const IPTABLES = `*mangle
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -j TPROXY --on-port 15999 --tproxy-mark 0x539/0xffffffff
COMMIT
`;

describe('tproxy without a transparent listener', () => {
  it('nft: the rule ends, the next rule runs and the connection lands on the app', () => {
    const world = makeWorld({ rulesets: { ipv4: nftRulesets(parseNftOrThrow(NFT).ruleset).ipv4 }, envoy });
    const trace = simulate(world, remoteToLocal.connection(world));
    expect(trace.disposition.kind).toBe('delivered');
    const [hop] = trace.hops;
    expect(hop!.landed.kind === 'listener' ? hop!.landed.role : hop!.landed.kind).toBe('app');
    // The tproxy rule is not a hit (its statements after tproxy, the counter among them, never ran); the next is.
    expect(hop!.hits.filter((h) => h.kind === 'rule').map((h) => [h.chain, h.index])).toEqual([['p', 2]]);
  });

  it('iptables: TPROXY drops the packet', () => {
    const [ruleset] = parseDumpOrThrow(IPTABLES).rulesets;
    const world = makeWorld({ rulesets: { ipv4: ruleset! }, envoy });
    const trace = simulate(world, remoteToLocal.connection(world));
    expect(trace.disposition.kind).toBe('dropped');
  });
});
