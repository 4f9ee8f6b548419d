// Every invariant as a fast-check property over every built-in profile where it applies, with connections biased by
// the profile's own rules. Where Istio really broke an invariant, the property must fail, and the test says so.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  buildDomain,
  INVARIANTS,
  type Invariant,
  type InvariantContext,
  inferIntent,
  renderCounterexampleText,
} from '../model/invariants/index.ts';
import { type Connection, makeWorld, simulate } from '../model/pod/index.ts';
import { PROFILES, profileRuleset } from '../model/profiles/index.ts';
import { scopedConnectionArb } from './arbitraries/scoped.ts';

function propertyFor(inv: Invariant, ctx: InvariantContext, rules: string) {
  return (c: Connection) => {
    fc.pre(inv.inScope(c, ctx));
    const trace = simulate(ctx.world, c);
    const r = inv.check(trace, c, ctx);
    if (r.ok !== true) {
      throw new Error(`\n${renderCounterexampleText({ invariant: inv, connection: c, trace, why: r.why, rules })}`);
    }
  };
}

for (const profile of PROFILES) {
  describe(profile.name, () => {
    const ruleset = profileRuleset(profile);
    const world = makeWorld({ rulesets: { ipv4: ruleset }, envoy: profile.envoy });
    const ctx: InvariantContext = { world, intent: inferIntent(ruleset), family: 'ipv4' };
    const domain = buildDomain(world, 'ipv4');
    for (const inv of INVARIANTS) {
      const na = inv.notApplicable(ctx);
      const expectedNa = profile.notApplicable[inv.id] !== undefined;
      if (na !== null || expectedNa) {
        it(`${inv.id} is not applicable (${na})`, () => {
          expect(expectedNa, `${inv.id} on ${profile.name}: ${na}`).toBe(true);
          expect(na).not.toBeNull();
        });
        continue;
      }
      const arb = scopedConnectionArb(inv.id, ctx, domain);
      if (profile.violates[inv.id] !== undefined) {
        it(`${inv.id} is violated, as Istio ${profile.version} really did`, () => {
          const result = fc.check(fc.property(arb, propertyFor(inv, ctx, profile.name)));
          expect(result.failed).toBe(true);
        });
      } else {
        test.prop([arb])(`${inv.id} holds`, propertyFor(inv, ctx, profile.name));
      }
    }
  });
}
