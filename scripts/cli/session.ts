// Everything a command that reads rules starts from: the names table, the configuration given (if any), the rules
// (read, or generated from the configuration when none are given), the configuration and version in force with the
// drift, and the pod world they describe.

import {
  type CaptureDoubt,
  captureDoubts,
  intentOf,
  type NameTable,
  resolveSetup,
  type Setup,
  type SetupInput,
} from '../../model/configured/index.ts';
import type { Intent } from '../../model/invariants/index.ts';
import {
  atLeast,
  generate,
  generateNftables,
  type IstioVersion,
  NEWEST_VERSION,
  parseIstioVersion,
  renderIptablesSave,
} from '../../model/istio/index.ts';
import type { Family } from '../../model/net/index.ts';
import { formatIssue, loadRefusals, parseDump } from '../../model/rules/index.ts';
import { CliError } from './exit.ts';
import type { CliIo } from './io.ts';
import { type GivenConfig, readGivenConfig, readNames } from './istio-input.ts';
import type { IstioInputOptions } from './istio-options.ts';
import { buildWorld, type LoadedRules, loadRules, type PodWorld, parseRules } from './load.ts';
import type { PodOptions, RulesInputOptions } from './options.ts';

export type SessionOptions = RulesInputOptions &
  PodOptions &
  IstioInputOptions & {
    /** Which generator writes the rules when they come from the configuration (default iptables). */
    readonly backend?: 'iptables' | 'nftables';
  };

export interface Session {
  readonly rules: LoadedRules;
  readonly pod: PodWorld;
  readonly given?: GivenConfig;
  readonly names: NameTable;
  /**
   * Per family, the intent the configuration in force states (given, or read back exactly from the rules): the
   * invariants' scope. Empty when there is none; the intent is then read from the rules' structure.
   */
  readonly intents: Partial<Record<Family, Intent>>;
  /** Owner group names neither --group nor --group-file resolves. */
  readonly unresolvedGroups: readonly string[];
  /**
   * With no configuration given: where the rules switch capture off against the default injection of the version in
   * force (model/configured's captureDoubts). Empty when a configuration is given: then it is the intent.
   */
  readonly doubts: readonly CaptureDoubt[];
}

function generatedRules(given: GivenConfig, version: IstioVersion, o: SessionOptions, names: NameTable): LoadedRules {
  const result = generate(given.config, version);
  if (!result.ok) {
    throw new CliError(
      `${given.label}: Istio ${version}'s istio-iptables cannot be modelled here: ${result.reasons.join('; ')}`,
    );
  }
  const text = renderIptablesSave(result.plan);
  const label = `generated from ${given.label} (Istio ${version})`;
  const parsed = parseDump(text, { ...(o.family ? { family: o.family } : {}), names });
  if (!parsed.value) {
    // The generator's own output must parse; if not, that is a bug here, not the user's input.
    throw new Error(`${label}: ${parsed.issues.map((i) => formatIssue(i, text, label)).join('\n')}`);
  }
  // Istio's generator writes loadable rules, but a refusal here would be reported like any dump's.
  return generatedLoaded(label, text, parsed.value, o, loadRefusals(text, parsed.value.rulesets));
}

/** A generator's parsed output as the rules a command works with, narrowed to --family. */
function generatedLoaded(
  label: string,
  text: string,
  value: Pick<LoadedRules, 'format' | 'warnings'> & { readonly rulesets: LoadedRules['allRulesets'] },
  o: SessionOptions,
  refusals: LoadedRules['refusals'],
): LoadedRules {
  const rulesets = value.rulesets.filter((r) => !o.family || r.family === o.family);
  if (rulesets.length === 0) throw new CliError(`${label} has no ${o.family} rules (--family ${o.family})`);
  return {
    source: 'generated',
    label,
    slug: 'generated',
    args: o.family ? ['--family', o.family] : [],
    text,
    format: value.format,
    rulesets,
    allRulesets: value.rulesets,
    warnings: value.warnings,
    refusals,
  };
}

/** Istio's native nftables generator (tools/istio-nftables, 1.27+) for the configuration, parsed like an nft file. */
function generatedNftRules(
  given: GivenConfig,
  version: IstioVersion,
  o: SessionOptions,
  names: NameTable,
): LoadedRules {
  if (!atLeast(version, '1.27')) {
    throw new CliError(`${given.label}: Istio ${version} has no native nftables backend (from 1.27)`);
  }
  const text = generateNftables(given.config).text;
  const label = `generated from ${given.label} (Istio ${version}, native nftables)`;
  const parsed = parseRules(text, o.family, names);
  if (!parsed.value) throw new Error(`${label}: ${parsed.issues.map((i) => formatIssue(i, text, label)).join('\n')}`);
  return generatedLoaded(label, text, parsed.value, o, []);
}

function versionInput(o: SessionOptions, given: GivenConfig | undefined, rules: LoadedRules): SetupInput['version'] {
  if (o.istioVersion) return { version: o.istioVersion, source: 'given' };
  if (given?.imageVersion) return { version: given.imageVersion, source: 'image' };
  const fromProfile = rules.profile ? parseIstioVersion(rules.profile.version) : undefined;
  return fromProfile?.ok ? { version: fromProfile.version, source: 'profile' } : undefined;
}

/** The command-line words that give the same configuration again (for replay hints). */
function istioWords(o: SessionOptions): string[] {
  const words: string[] = [];
  if (o.config !== undefined) words.push('--config', o.config);
  if (o.istioArgs !== undefined) words.push('--istio-args', o.istioArgs);
  if (o.pod !== undefined) words.push('--pod', o.pod);
  for (const e of o.env ?? []) words.push('--env', e);
  for (const d of o.dnsServer ?? []) words.push('--dns-server', d);
  if (o.cni) words.push('--cni');
  if (o.istioVersion) words.push('--istio-version', o.istioVersion);
  for (const [name, gid] of o.group ?? []) words.push('--group', `${name}=${gid}`);
  if (o.groupFile !== undefined) words.push('--group-file', o.groupFile);
  return words;
}

/** `only`: keep just this family's rules (counterexample searches one family). */
export async function loadSession(
  file: string | undefined,
  o: SessionOptions,
  io: CliIo,
  only?: (rules: LoadedRules) => Family,
): Promise<Session> {
  const names = await readNames(o, io);
  const given = await readGivenConfig(o, io);
  let rules =
    file === undefined && o.profile === undefined && given
      ? (o.backend === 'nftables' ? generatedNftRules : generatedRules)(
          given,
          o.istioVersion ?? given.imageVersion ?? NEWEST_VERSION,
          o,
          names,
        )
      : await loadRules(file, o, io, names);
  if (only) {
    const family = only(rules);
    rules = { ...rules, rulesets: rules.rulesets.filter((r) => r.family === family) };
  }
  const version = versionInput(o, given, rules);
  // The whole dump, not only the family kept by --family: an IPv6-only look at a dual dump must not read back a
  // different configuration (or none) than the dump as a whole.
  const setup: Setup = resolveSetup(
    rules.allRulesets,
    {
      ...(given ? { config: given.config } : {}),
      ...(version ? { version } : {}),
      backend: rules.format.startsWith('nft') ? 'nftables' : 'iptables',
    },
    names,
  );
  const pod = buildWorld(rules, o, setup, names, istioWords(o));
  const intents: Partial<Record<Family, Intent>> = {};
  const unresolved = new Set<string>();
  // The configuration in force scopes the invariants: the given one, or the one read back from the rules when the
  // rules are exactly what it generates (printed as inferred), so a dump checked with its own configuration and
  // the same dump checked alone get the same verdicts. A nearest configuration is only a guess (the rules differ
  // from everything it generates), so there the rules' own structure stays the intent.
  const inForce = given?.config ?? (setup.configSource === 'inferred' ? setup.config : null);
  if (inForce) {
    for (const family of pod.families) {
      const r = intentOf(inForce, setup.version, family, names);
      intents[family] = given ? r.intent : { ...r.intent, source: 'read-back' };
      for (const g of r.unresolvedGroups) unresolved.add(g);
    }
  }
  // Without a configuration, a rule that switches capture off would also redefine the intent read back from it.
  const doubts = !given && setup.config ? captureDoubts(rules.rulesets, setup.version) : [];
  return { rules, pod, ...(given ? { given } : {}), names, intents, unresolvedGroups: [...unresolved], doubts };
}
