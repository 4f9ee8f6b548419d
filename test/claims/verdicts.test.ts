// The article's claims against the model, per profile. Expected verdicts are written by hand from each release's rules
// and Envoy behaviour (model/REFERENCES.md, "The article's claims"; a claim right except for its last hop is a
// contradiction here), and from the kernel's refutations of types 5 and 6 (oracle/OBSERVATIONS.md).
import { describe, expect, it } from 'vitest';
import { ARTICLE_CLAIMS } from '../../model/claims/article.ts';
import { judgeClaim } from '../../model/claims/compare.ts';
import { simulate } from '../../model/pod/index.ts';
import { PROFILES, profileRuleset } from '../../model/profiles/index.ts';
import { findScenario } from '../../model/scenarios/index.ts';
import { worldFor } from '../helpers/world.ts';

const C = 'confirmed';
const X = 'contradicted';
// Profiles in PROFILES order: 1.4, 1.5, 1.8, 1.10, 1.11, 1.14, 1.18, 1.22, 1.25.
const EXPECTED: Record<string, readonly string[]> = {
  'type-1': [X, X, X, C, C, C, C, C, C],
  'type-2': [X, C, C, C, C, C, C, C, C],
  'type-3': [X, X, X, X, X, X, X, X, X],
  'type-4': [X, X, X, C, C, C, C, C, C],
  'type-5': [X, X, X, X, X, X, X, X, X],
  'type-6': [X, X, X, X, X, X, X, X, X],
};

function verdict(claimId: string, profile: string) {
  const claim = ARTICLE_CLAIMS.find((c) => c.id === claimId)!;
  const world = worldFor(profile);
  const scenario = findScenario(claim.scenario)!;
  const p = PROFILES.find((x) => x.name === profile)!;
  return judgeClaim(claim, profile, simulate(world, scenario.connection(world)), profileRuleset(p));
}

describe('claim verdicts follow the version table', () => {
  for (const claim of ARTICLE_CLAIMS) {
    it(claim.id, () => {
      expect(PROFILES.map((p) => verdict(claim.id, p.name).verdict)).toEqual(EXPECTED[claim.id]);
    });
  }
});

describe('on istio-1.10 the contradictions are the ones the kernel shows', () => {
  it('type 5 exits via rule 4, not rule 8', () => {
    const v = verdict('type-5', 'istio-1.10');
    expect(v.differences[0]).toMatchObject({
      step: 1,
      claimed: 'OUTPUT -> ISTIO_OUTPUT rule 8 -> (unspecified)',
      actual: 'OUTPUT -> ISTIO_OUTPUT rule 4 -> admin',
    });
    expect(v.reason).toContain("the socket's uid is 1337");
  });
  it('type 6 leaves via rule 4 directly, not rule 9 then 15001', () => {
    const v = verdict('type-6', 'istio-1.10');
    expect(v.differences[0]).toMatchObject({ step: 1, actual: 'OUTPUT -> ISTIO_OUTPUT rule 4 -> left-pod' });
  });
  it('type 3: the second hop is rule 4 (Envoy to its admin port), and 15002 is no exclusion', () => {
    const v = verdict('type-3', 'istio-1.10');
    expect(v.differences.map((d) => d.step)).toEqual([2, 'ports']);
    expect(v.differences[0]!.actual).toBe('OUTPUT -> ISTIO_OUTPUT rule 4 -> admin');
    expect(v.differences[1]!.actual).toBe('15008, 22, 15090, 15021, 15020');
    expect(v.differences[1]!.reason).toContain('15002 is the istio-iptables validation probe port');
  });
  it('types 1, 2 and 4 are confirmed', () => {
    for (const id of ['type-1', 'type-2', 'type-4']) expect(verdict(id, 'istio-1.10').differences).toEqual([]);
  });
  it('on 1.5 type 4 differs only at the last hop (rule 4, Envoy to 127.0.0.1)', () => {
    const v = verdict('type-4', 'istio-1.5');
    expect(v.differences[0]).toMatchObject({
      step: 3,
      claimed: 'OUTPUT -> ISTIO_OUTPUT rule 1 -> app',
      actual: 'OUTPUT -> ISTIO_OUTPUT rule 4 -> app',
    });
  });
});
