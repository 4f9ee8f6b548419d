// The generator's entry: configuration x version -> the commands istio-iptables runs, or the reasons the model
// cannot say. Rendering (dry-run log, restore input, iptables-save text) and the normalised rulesets read the plan.
import type { ConfigIssue } from '../config/issues.ts';
import type { IstioConfig } from '../config/types.ts';
import type { IstioVersion } from '../version.ts';
import { featuresOf } from './features.ts';
import { runLegacy14 } from './legacy-1.4.ts';
import type { Command, Plan } from './plan.ts';
import { runBuilderEra } from './run.ts';
import { unsupportedReasons, versionNotes } from './support.ts';

export type GenerateResult =
  | { readonly ok: true; readonly plan: Plan; readonly notes: readonly ConfigIssue[] }
  | { readonly ok: false; readonly version: IstioVersion; readonly reasons: readonly string[] };

export function generate(config: IstioConfig, version: IstioVersion): GenerateResult {
  const features = featuresOf(version);
  const reasons = unsupportedReasons(config, version, features);
  if (reasons.length > 0) return { ok: false, version, reasons };
  const notes = versionNotes(config, version, features);
  if (!features.builder) {
    const { v4, v6 } = runLegacy14(config);
    return { ok: true, plan: { version, features, v4, v6, ipv6: false }, notes };
  }
  const b = runBuilderEra(config, features);
  const wrap = (rules: typeof b.v4): Command[] => rules.map((rule) => ({ kind: 'rule', rule }));
  return { ok: true, plan: { version, features, v4: wrap(b.v4), v6: wrap(b.v6), ipv6: config.enableIpv6 }, notes };
}
