// check over the packet classes (the default) against the old enumeration of the rules' constants (the oracle):
// every profile gets the same verdict per invariant and the same dead rules both ways, and the class run states
// that it is a proof and over which fields.
import { describe, expect, it } from 'vitest';
import { CLASS_FIELDS } from '../../model/classes/index.ts';
import { checkWorld } from '../../model/invariants/run.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { worldFor } from '../helpers/world.ts';

describe('check over packet classes agrees with the domain enumeration', () => {
  for (const p of PROFILES) {
    it(`${p.name}: same verdicts, same dead rules, and a proof`, () => {
      const world = worldFor(p.name);
      const classes = checkWorld(world);
      const domain = checkWorld(world, { over: 'domain' });
      const verdicts = (r: typeof classes) => r.invariants.map((i) => [i.id, i.status]);
      expect(verdicts(classes)).toEqual(verdicts(domain));
      expect(classes.deadRules).toEqual(domain.deadRules);
      expect(classes.basis.kind).toBe('proved');
      if (classes.basis.kind === 'proved') {
        expect(classes.basis.classes).toBeGreaterThan(10);
        expect(classes.basis.fields).toEqual(CLASS_FIELDS);
      }
      expect(domain.basis.kind).toBe('domain');
    });
  }
});
