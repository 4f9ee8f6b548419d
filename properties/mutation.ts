// Shared by the mutation adequacy tests: the analysis of one profile, computed once per test file.
import { type MutationSummary, mutationAnalysis } from '../model/mutate/index.ts';
import { makeWorld } from '../model/pod/index.ts';
import { findProfile, profileRuleset } from '../model/profiles/index.ts';

export function profileMutationAnalysis(name: string): MutationSummary {
  const p = findProfile(name);
  if (!p) throw new Error(`no profile ${name}`);
  return mutationAnalysis(makeWorld({ rulesets: { ipv4: profileRuleset(p) }, envoy: p.envoy }));
}
