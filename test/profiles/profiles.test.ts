// The built-in profiles: their rules are the fixture files byte for byte (model/ never reads files, so it carries
// copies), and the Envoy behaviour each pairs with agrees with what the rules themselves say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferIntent } from '../../model/invariants/index.ts';
import { CLASSIC_PROFILE, findProfile, PROFILES, profileRuleset } from '../../model/profiles/index.ts';

const VERSIONS = join(import.meta.dirname, '..', 'fixtures', 'istio', 'versions');

describe('built-in profiles', () => {
  it('are the nine versions of the fixtures, the classic chain being istio-1.10', () => {
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
    it(`${p.name}: the rules are the fixture file, and the behaviour matches them`, () => {
      expect(p.rulesText).toBe(readFileSync(join(VERSIONS, `${p.name}.rules`), 'utf8'));
      const rs = profileRuleset(p);
      expect(rs.family).toBe('ipv4');
      expect(inferIntent(rs).inboundExcludedPorts).toEqual(p.envoy.excludedInboundPorts);
      expect(p.envoy.tunnelPort !== null).toBe(inferIntent(rs).inboundExcludedPorts.includes(15008));
    });
  }
});
