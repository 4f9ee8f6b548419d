// The command line's literal lists (scripts/cli/names.ts, kept literal for start-up time) are the model's lists.
import { describe, expect, it } from 'vitest';
import { DEAD_RULES_LINT, INVARIANTS } from '../../model/invariants/index.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { TABLE_NAMES as MODEL_TABLES } from '../../model/rules/index.ts';
import { INVARIANT_IDS, NEWEST_PROFILE, PROFILE_NAMES, TABLE_NAMES } from '../../scripts/cli/names.ts';

describe('scripts/cli/names.ts', () => {
  it('lists the profiles, oldest first, as model/profiles does', () => {
    expect([...PROFILE_NAMES]).toEqual(PROFILES.map((p) => p.name));
    expect(NEWEST_PROFILE).toBe(PROFILES.at(-1)!.name);
  });
  it('lists the invariants, then the dead-rules lint, as model/invariants does', () => {
    expect(INVARIANT_IDS).toEqual([...INVARIANTS.map((i) => i.id), DEAD_RULES_LINT.id]);
  });
  it('lists the tables as model/rules does', () => {
    expect([...TABLE_NAMES]).toEqual([...MODEL_TABLES]);
  });
});
