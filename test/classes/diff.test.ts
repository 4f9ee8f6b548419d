// diffWorlds over real pairs: a profile against itself and against a version with the same rules is equivalent;
// deleting the proxy's RETURN rules makes Envoy's outbound connections loop (one group), deleting only the uid one
// changes only uid-1337 processes of another gid; 1.14 -> 1.18 changes the 15008 classes.
import { describe, expect, it } from 'vitest';
import { diffWorlds, storyKey, whoseConnections } from '../../model/classes/index.ts';
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

  it("istio-1.10 without its uid and gid RETURN rules (4 and 7): Envoy's outbound connections now loop, one group", () => {
    const edited = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4, 7]));
    const d = diffWorlds(worldFor('istio-1.10'), edited, 'ipv4');
    const loops = d.groups.filter((g) => g.story?.after.startsWith('loops'));
    // One group whatever the loop's length or where the story entered it: Envoy's own connections, the application's
    // connections Envoy forwards (they change at Envoy's hop), and a gid-1337 process's connections that rule 7 no
    // longer returns (captured, then Envoy's onward connection loops).
    expect(loops).toHaveLength(1);
    const top = loops[0]!;
    expect(d.groups[0]).toBe(top);
    expect(top.change).toBe('leaves the pod -> loops through 15001');
    expect(top.story?.openerLabel).toBe('Envoy');
    expect(top.outcomes.map((o) => `${o.opener}: ${o.before} -> ${o.after}`)).toEqual(
      expect.arrayContaining([
        'envoy: via 15001, leaves the pod -> via 15001 -> 15001 -> 15001, loops',
        'envoy: leaves the pod -> via 15001 -> 15001, loops',
        'process: leaves the pod -> via 15001 -> 15001 -> 15001, loops',
      ]),
    );
    expect(top.outcomes.reduce((n, o) => n + o.classes, 0)).toBe(top.classes);
    expect(whoseConnections(top)).toBe("Envoy's connections (and process's)");
    // The minimal representative: Envoy itself (uid and gid 1337) to a remote pod on the application's port.
    expect(top.example.from).toMatchObject({ kind: 'pod', actor: 'envoy', uid: 1337, gid: 1337 });
    expect(top.example.dst.port).toBe(8080);
    expect(top.oldTrace.disposition.kind).toBe('left-pod');
    expect(top.newTrace.disposition.kind).toBe('loop');
    expect(d.groups.filter((g) => !g.exitRuleOnly)).toHaveLength(3);
  });

  it('istio-1.10 without rule 4 only: Envoy still leaves through rule 7 (its gid); only uid-1337 processes of another gid change', () => {
    // Rule 7 `-m owner --gid-owner 1337 -j RETURN` still returns every socket of gid 1337, and Envoy runs as
    // 1337/1337 (Istio's tools/istio-iptables/pkg/capture/run.go adds both owner rules for the proxy), so Envoy's own connections keep their fate and only
    // change their deciding rule. What changes fate is a uid-1337 process with another gid: it is now captured.
    const edited = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4]));
    const d = diffWorlds(worldFor('istio-1.10'), edited, 'ipv4');
    const fate = d.groups.filter((g) => !g.exitRuleOnly);
    expect(fate.length).toBeGreaterThan(0);
    for (const g of fate) {
      expect(g.example.from, g.change).toMatchObject({ kind: 'pod', uid: 1337 });
      expect(g.example.from, g.change).not.toMatchObject({ gid: 1337 });
      expect(g.story?.before, g.change).toBe('leaves the pod');
      expect(g.story?.after, g.change).not.toMatch(/loops/);
    }
    expect(fate[0]!.change).toBe('leaves the pod -> via 15001, leaves the pod');
    const envoy = d.groups.filter((g) => g.example.from.kind === 'pod' && g.example.from.actor === 'envoy');
    expect(envoy.every((g) => g.exitRuleOnly)).toBe(true);
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
