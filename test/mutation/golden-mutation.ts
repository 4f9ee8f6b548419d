// Mutation adequacy on Istio's golden configurations (test/fixtures/istio): every single-point mutant of a golden's
// rules for one family against every invariant, scoped by the golden's configuration as `check --config` scopes it
// (model/configured: the pod the configuration describes and its intent at the goldens' version).
import { configuredWorldOptions, intentOf, NO_NAMES } from '../../model/configured/index.ts';
import { NEWEST_VERSION } from '../../model/istio/index.ts';
import { type Mutant, type MutationSummary, mutationAnalysis } from '../../model/mutate/index.ts';
import type { Family } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import type { Ruleset } from '../../model/ruleset/index.ts';
import { goldenConfig, readGolden } from '../istio/helpers.ts';

export function goldenMutationAnalysis(
  name: string,
  family: Family,
  select?: (m: Mutant, original: Ruleset) => boolean,
): MutationSummary {
  const config = goldenConfig(name);
  const ruleset = parseDumpOrThrow(readGolden(name)).rulesets.find((r) => r.family === family);
  if (!ruleset) throw new Error(`${name}.golden has no ${family} rules`);
  const { options } = configuredWorldOptions(config, NEWEST_VERSION, NO_NAMES);
  const world = makeWorld({ rulesets: { [family]: ruleset }, ...options });
  const intent = intentOf(config, NEWEST_VERSION, family, NO_NAMES).intent;
  return mutationAnalysis(world, family, intent, select ? (m) => select(m, ruleset) : undefined);
}
