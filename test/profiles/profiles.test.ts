// The built-in profiles: each names its release in its rules' header, the Envoy behaviour it pairs with agrees with
// what the rules themselves say, and its hand-written facts name only invariants that exist.
import { describe, expect, it } from 'vitest';
import { INVARIANTS, inferIntent } from '../../model/invariants/index.ts';
import { CLASSIC_PROFILE, findProfile, PROFILES, profileRuleset } from '../../model/profiles/index.ts';

describe('built-in profiles', () => {
  it('are nine Istio releases, oldest first, the classic chain being istio-1.10', () => {
    expect(PROFILES.map((p) => p.name)).toEqual([
      'istio-1.4',
      'istio-1.5',
      'istio-1.8',
      'istio-1.10',
      'istio-1.11',
      'istio-1.14',
      'istio-1.18',
      'istio-1.22',
      'istio-1.25',
    ]);
    expect(CLASSIC_PROFILE).toBe('istio-1.10');
    expect(findProfile('istio-9.9')).toBeUndefined();
  });

  for (const p of PROFILES) {
    it(`${p.name}: the rules name their release, and the behaviour matches them`, () => {
      expect(p.rulesText.split('\n')[0]).toMatch(new RegExp(`^# Istio ${p.version.replace('.', '\\.')}[. ]`));
      expect(p.rulesText).toMatch(/^# Reconstructed from: istio\/istio tag \S+, commit [0-9a-f]{40}$/m);
      const rs = profileRuleset(p);
      expect(rs.family).toBe('ipv4');
      expect(inferIntent(rs).inboundExcludedPorts).toEqual(p.envoy.excludedInboundPorts);
      expect(p.envoy.tunnelPort !== null).toBe(inferIntent(rs).inboundExcludedPorts.includes(15008));
    });
  }

  it('facts name invariants of the catalog, and an invariant is never both violated and not applicable', () => {
    const ids = new Set<string>(INVARIANTS.map((i) => i.id));
    for (const p of PROFILES) {
      const named = [...Object.keys(p.violates), ...Object.keys(p.notApplicable), ...Object.keys(p.killers ?? {})];
      for (const id of named) expect(ids, `${p.name}: ${id}`).toContain(id);
      for (const id of Object.keys(p.violates)) expect(Object.keys(p.notApplicable)).not.toContain(id);
      for (const reason of [...Object.values(p.violates), ...Object.values(p.notApplicable)]) {
        expect(reason.length).toBeGreaterThan(10);
      }
    }
  });
});
