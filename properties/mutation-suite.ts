// The mutation adequacy suite for one profile: every single-point mutant of its rules against every invariant. The
// score is printed with the survivors and why they survive; equivalent mutants are proved equivalent by running every
// connection of the domain on both rulesets, never assumed.
import { beforeAll, expect, it } from 'vitest';
import { INVARIANTS } from '../model/invariants/index.ts';
import { type MutationSummary, renderMutationSummary } from '../model/mutate/index.ts';
import { type ProfileName, profileNamed } from '../model/profiles/index.ts';
import { profileMutationAnalysis } from './mutation.ts';

export function mutationSuite(profile: ProfileName): void {
  const { killers = {}, violates, notApplicable } = profileNamed(profile);
  let summary: MutationSummary;
  beforeAll(() => {
    summary = profileMutationAnalysis(profile);
    console.log(renderMutationSummary(profile, summary));
  });

  it('kills at least 90% of the non-equivalent mutants', () => {
    expect(summary.total).toBeGreaterThan(100);
    expect(summary.score).toBeGreaterThanOrEqual(0.9);
  });

  it('identifies equivalent mutants by behaviour (deleting a dead rule changes nothing)', () => {
    const ids = summary.equivalent.map((r) => r.mutant.id);
    for (const dead of [5, 6, 8]) expect(ids).toContain(`delete nat ISTIO_OUTPUT#${dead}`);
    expect(ids).not.toContain('delete nat ISTIO_OUTPUT#9');
  });

  it('names a killer mutant for every invariant that holds on the profile', () => {
    const holding = INVARIANTS.map((i) => i.id).filter((id) => !violates[id] && !notApplicable[id]);
    expect(Object.keys(killers).sort()).toEqual(holding.sort());
  });

  for (const [invariant, mutantId] of Object.entries(killers)) {
    it(`${invariant} is killed by the mutant "${mutantId}"`, () => {
      const r = [...summary.killed, ...summary.survived, ...summary.equivalent].find((x) => x.mutant.id === mutantId);
      expect(r, `no mutant ${mutantId}`).toBeDefined();
      expect(r!.killedBy).toContain(invariant);
    });
  }
}
