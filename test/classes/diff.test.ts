// diffWorlds over real pairs: a profile against itself and against a version with the same rules is equivalent;
// deleting the proxy's RETURN rules makes Envoy's outbound connections loop; 1.14 -> 1.18 changes the 15008 classes.
import { describe, expect, it } from 'vitest';
import { diffWorlds, storyKey } from '../../model/classes/index.ts';
import { nftRulesets, parseNftOrThrow } from '../../model/nft/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { NFT_PROFILE } from '../../model/profiles/index.ts';
import { deleteRules } from '../../model/rules/index.ts';
import { worldFor } from '../helpers/world.ts';

describe('diff over packet classes', () => {
  it('istio-1.10 against istio-1.11 (the same nat rules): equivalent over every class, not sampled', () => {
    const d = diffWorlds(worldFor('istio-1.10'), worldFor('istio-1.11'), 'ipv4');
    expect(d.sampled).toBeNull();
    expect(d.classes).toBeGreaterThan(1000);
    expect(d.groups).toEqual([]);
  });

  it('istio-1.10 without its uid and gid RETURN rules (4 and 7): the largest group is Envoy looping through 15001', () => {
    const edited = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4, 7]));
    const d = diffWorlds(worldFor('istio-1.10'), edited, 'ipv4');
    const top = d.groups[0]!;
    expect(top.change).toBe('leaves the pod -> via 15001 -> 15001 -> 15001, loops');
    expect(top.example.from).toMatchObject({ kind: 'pod', uid: 1337, gid: 1337 });
    expect(top.oldTrace.disposition.kind).toBe('left-pod');
    expect(top.newTrace.disposition.kind).toBe('loop');
  });

  it('istio-1.14 -> istio-1.18: Envoy to the pod IP on 15008 reaches the tunnel directly instead of through 15006', () => {
    const d = diffWorlds(worldFor('istio-1.14'), worldFor('istio-1.18'), 'ipv4');
    const tunnel = d.groups.find((g) => g.change.endsWith('-> via 15008, delivered to envoy tunnel (HBONE)'));
    expect(tunnel?.change).toBe(
      'via 15006 -> 15008, delivered to envoy tunnel (HBONE) -> via 15008, delivered to envoy tunnel (HBONE)',
    );
    expect(tunnel?.example.dst.port).toBe(15008);
  });

  it("each group's hop outcomes are its simplest connection's own (the actor of every hop shown is that connection's)", () => {
    // iptables 1.25 against native nft: every class changes its deciding rule's text, so groups hold many outcomes.
    const nft = makeWorld({
      rulesets: { ipv4: nftRulesets(parseNftOrThrow(NFT_PROFILE.rulesText).ruleset).ipv4 },
      envoy: NFT_PROFILE.envoy,
    });
    const d = diffWorlds(worldFor('istio-1.25'), nft, 'ipv4');
    expect(d.groups.length).toBeGreaterThan(1);
    for (const g of d.groups) {
      const hops = (key: string) => key.split(' => ')[0]!.split(' | ');
      expect(
        hops(g.before).map((h) => h.split(' ')[0]),
        g.change,
      ).toEqual(g.oldTrace.hops.map((h) => h.actor.id));
      expect(
        hops(g.after).map((h) => h.split(' ')[0]),
        g.change,
      ).toEqual(g.newTrace.hops.map((h) => h.actor.id));
    }
  });

  it('story keys compare rulesets in two languages: the 1.25 iptables rules and the native nft default, IPv4', () => {
    const nft = nftRulesets(parseNftOrThrow(NFT_PROFILE.rulesText).ruleset);
    const native = makeWorld({ rulesets: { ipv4: nft.ipv4 }, envoy: NFT_PROFILE.envoy });
    // By rule text every class changes (the rules are written differently), but no connection's story does.
    const byRules = diffWorlds(worldFor('istio-1.25'), native, 'ipv4');
    expect(byRules.groups.length).toBeGreaterThan(0);
    expect(byRules.groups.every((g) => g.exitRuleOnly)).toBe(true);
    expect(diffWorlds(worldFor('istio-1.25'), native, 'ipv4', undefined, storyKey).groups).toEqual([]);
    // Without the proxy's uid RETURN the stories change (Envoy's own connections loop through 15001).
    const edited = worldFor('istio-1.25', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4]));
    const changed = diffWorlds(edited, native, 'ipv4', undefined, storyKey);
    expect(changed.groups.length).toBeGreaterThan(0);
  });
});
