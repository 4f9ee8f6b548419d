// Shared by the mutation adequacy tests: the analysis of one profile, computed once per test file.
import { type MutationSummary, mutationAnalysis } from '../model/mutate/index.ts';
import { makeWorld } from '../model/pod/index.ts';
import { type ProfileName, profileNamed, profileRuleset } from '../model/profiles/index.ts';

export function profileMutationAnalysis(name: ProfileName): MutationSummary {
  const p = profileNamed(name);
  return mutationAnalysis(makeWorld({ rulesets: { ipv4: profileRuleset(p) }, envoy: p.envoy }));
}
