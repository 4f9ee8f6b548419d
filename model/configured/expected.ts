// The rules a configuration generates at a version, as the format-independent rulesets a dump is compared with:
// istio-iptables' (model/istio's generator, owner names resolved like the dump's) or Istio's native nftables. Drift
// compares them with a dump rule by rule; `check` also diffs them with the dump over packet classes (model/review).
import { generate, type IstioConfig, type IstioVersion, planRulesets } from '../istio/index.ts';
import type { Ruleset } from '../rules/index.ts';
import { type NameTable, NO_NAMES } from './groups.ts';
import { generatedRulesets } from './nft-setup.ts';

/** Null when the version's generator cannot write this configuration (the reasons are in the setup's notes). */
export function expectedRulesets(
  config: IstioConfig,
  version: IstioVersion,
  backend: 'iptables' | 'nftables',
  names: NameTable = NO_NAMES,
): Ruleset[] | null {
  if (backend === 'nftables') return generatedRulesets(config);
  const result = generate(config, version);
  if (!result.ok) return null;
  return planRulesets(result.plan, {
    resolveOwner: (kind, name) => (kind === 'group' ? names.groups : names.users).get(name),
  });
}
