// The configuration read back from a dump: for each version, read the flags off the rules as that version's
// generator would have written them, generate from what was read, and compare. The versions whose rules equal the
// dump exactly form the inferred range; when none does, the nearest (fewest drift items) is named with its drift.
import type { Ruleset } from '../../rules/index.ts';
import { type CommandLine, configToArgs } from '../config/print.ts';
import type { IstioConfig } from '../config/types.ts';
import { compareRulesets } from '../drift/compare.ts';
import type { Drift } from '../drift/types.ts';
import { generate } from '../generate/generate.ts';
import { planRestoreTexts, planRulesets, type RulesetOptions, restoreRulesets } from '../generate/ruleset.ts';
import { ISTIO_VERSIONS, type IstioVersion, toRanges, type VersionRange } from '../version.ts';
import { readConfig } from './read.ts';

export interface Candidate {
  readonly versions: readonly IstioVersion[];
  readonly ranges: readonly VersionRange[];
  readonly config: IstioConfig;
  readonly commandLine: CommandLine;
  readonly drift: Drift;
  /** What the rules cannot show and the value assumed for it. */
  readonly notes: readonly string[];
}

export interface Inference {
  /** Configurations whose generated rules equal the dump, grouped by configuration (usually one). */
  readonly exact: readonly Candidate[];
  /** Every version with an exact match, as ranges. */
  readonly ranges: readonly VersionRange[];
  /** Without an exact match: the candidates with the fewest drift items. */
  readonly nearest: readonly Candidate[];
  /** Versions at which nothing could be read or generated, and why. */
  readonly skipped: readonly { readonly version: IstioVersion; readonly reason: string }[];
}

export interface InferOptions extends RulesetOptions {
  /** Only these versions (all known versions by default). */
  readonly versions?: readonly IstioVersion[];
}

interface Trial {
  readonly version: IstioVersion;
  readonly config: IstioConfig;
  readonly drift: Drift;
  readonly notes: readonly string[];
}

export function inferConfig(dump: readonly Ruleset[], options: InferOptions = {}): Inference {
  const trials: Trial[] = [];
  // Neighbouring versions often generate the same rules from what they read (1.25 to 1.31 on a -x/-b dump): each
  // distinct restore input is parsed and compared once, which matters on dumps with thousands of rules.
  const driftByRules = new Map<string, Drift>();
  const skipped: { version: IstioVersion; reason: string }[] = [];
  for (const version of options.versions ?? ISTIO_VERSIONS) {
    const reading = readConfig(dump, version);
    if (typeof reading === 'string') {
      skipped.push({ version, reason: reading });
      continue;
    }
    const config = reading.result.config;
    if (!config) {
      skipped.push({ version, reason: reading.result.issues.map((i) => i.message).join('; ') });
      continue;
    }
    const generated = generate(config, version);
    if (!generated.ok) {
      skipped.push({ version, reason: generated.reasons.join('; ') });
      continue;
    }
    const texts = planRestoreTexts(generated.plan, options);
    const key = texts.map((t) => `${t.family}\n${t.text}`).join('\u0000');
    const drift = driftByRules.get(key) ?? compareRulesets(restoreRulesets(texts), dump);
    driftByRules.set(key, drift);
    trials.push({ version, config, drift, notes: reading.notes });
  }
  const exactTrials = trials.filter((t) => t.drift.items.length === 0);
  const exact = group(exactTrials);
  if (exact.length > 0) return { exact, ranges: toRanges(exactTrials.map((t) => t.version)), nearest: [], skipped };
  const fewest = Math.min(...trials.map((t) => t.drift.items.length));
  return { exact: [], ranges: [], nearest: group(trials.filter((t) => t.drift.items.length === fewest)), skipped };
}

/** Trials with the same configuration and the same drift, merged into one candidate over their versions. */
function group(trials: readonly Trial[]): Candidate[] {
  const groups = new Map<string, Trial[]>();
  for (const t of trials) {
    const key = JSON.stringify([t.config, t.drift.items]);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.values()].map((ts) => {
    const first = ts[0]!;
    const versions = ts.map((t) => t.version);
    return {
      versions,
      ranges: toRanges(versions),
      config: first.config,
      commandLine: configToArgs(first.config),
      drift: first.drift,
      notes: first.notes,
    };
  });
}

/** Drift of a dump from what a given configuration generates at a version (or why it cannot be generated). */
export function driftFrom(
  config: IstioConfig,
  version: IstioVersion,
  dump: readonly Ruleset[],
  options: RulesetOptions = {},
): { readonly ok: true; readonly drift: Drift } | { readonly ok: false; readonly reasons: readonly string[] } {
  const generated = generate(config, version);
  if (!generated.ok) return { ok: false, reasons: generated.reasons };
  return { ok: true, drift: compareRulesets(planRulesets(generated.plan, options), dump) };
}
