// With each version's default injected configuration, the generator reproduces the 9 version profiles: the same
// rules in the same order in every chain (the fixtures list user chains alphabetically, as iptables-legacy does;
// chain order is not part of the comparison).
import { describe, expect, test } from 'vitest';
import { generate, injectedConfig, planRulesets } from '../../model/istio/index.ts';
import { parseDumpOrThrow, type Ruleset, ruleText } from '../../model/rules/index.ts';
import { PROFILE_VERSIONS, readProfileRules } from './helpers.ts';

/** table/chain -> rule texts, for every chain that has a rule or is a user chain. */
function chains(rs: Ruleset): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of rs.tables) {
    for (const c of t.chains)
      if (c.rules.length > 0 || c.policy === null) out[`${t.name}/${c.name}`] = c.rules.map((r) => ruleText(c.name, r));
  }
  return out;
}

describe.each(PROFILE_VERSIONS)('istio-%s', (version) => {
  test('the default injected configuration generates the profile rules', () => {
    const config = injectedConfig(version).config!;
    const result = generate(config, version);
    if (!result.ok) throw new Error(result.reasons.join('; '));
    const [v4] = planRulesets(result.plan);
    const [expected] = parseDumpOrThrow(readProfileRules(version)).rulesets;
    expect(chains(v4!)).toEqual(chains(expected!));
  });
});
