// Which configuration and which Istio version a command works with, and how the dump stands against them: the
// configuration given (or read back from the rules), the version given (or the versions whose generator writes these
// rules), and the drift. Every choice carries its reason, so the output can say what was assumed and why.
import {
  compareVersions,
  configToArgs,
  driftFrom,
  formatRange,
  ISTIO_VERSIONS,
  type IstioConfig,
  type IstioVersion,
  inferConfig,
  injectedConfig,
  NEWEST_VERSION,
  type RulesetOptions,
  toRanges,
} from '../istio/index.ts';
import type { Ruleset } from '../rules/index.ts';
import { envoyBehaviourOf } from './behaviour.ts';
import { type NameTable, NO_NAMES } from './groups.ts';
import { nftSetup } from './nft-setup.ts';
import { type Setup, type SetupInput, type VersionSource, whyGiven } from './setup-types.ts';

export type { Setup, SetupInput, VersionSource } from './setup-types.ts';

const newest = (vs: readonly IstioVersion[]): IstioVersion => vs.at(-1)!;

/** Which Envoy behaviour a range of versions implies; a note when the versions in the range disagree. */
function behaviourNote(versions: readonly IstioVersion[], config: IstioConfig, chosen: IstioVersion): string[] {
  const key = (v: IstioVersion) => JSON.stringify({ ...envoyBehaviourOf(v, config), version: '' });
  const kinds = new Set(versions.map(key));
  if (kinds.size <= 1) return [];
  return [
    `Envoy's and pilot-agent's behaviour is not the same across Istio ${toRanges(versions).map(formatRange).join(', ')} (how 15006 and the agent's probes reach the application changed in 1.10); ${chosen}'s is assumed: give --istio-version to choose`,
  ];
}

/**
 * `names`: the group and user names the dump's rules were parsed with, so that the generated rules resolve them the
 * same way (a dump shows `--gid-owner 1000` where the configuration says `java`).
 */
export function resolveSetup(dump: readonly Ruleset[], input: SetupInput, names: NameTable = NO_NAMES): Setup {
  const options: RulesetOptions = {
    resolveOwner: (kind, name) => (kind === 'group' ? names.groups : names.users).get(name),
  };
  if (input.backend === 'nftables') return nftSetup(dump, input);
  return input.config
    ? withConfig(dump, input.config, input.version, options)
    : withoutConfig(dump, input.version, options);
}

function withConfig(
  dump: readonly Ruleset[],
  config: IstioConfig,
  given: SetupInput['version'],
  options: RulesetOptions,
): Setup {
  const base = { config, configSource: 'given' as const, commandLine: configToArgs(config) };
  if (given) {
    const d = driftFrom(config, given.version, dump, options);
    return {
      ...base,
      version: given.version,
      versionSource: given.source,
      versionWhy: whyGiven(given),
      ranges: d.ok && d.drift.items.length === 0 ? [{ from: given.version, to: given.version }] : [],
      drift: d.ok ? d.drift : null,
      notes: d.ok ? [] : d.reasons.map((r) => `Istio ${given.version} cannot generate this configuration: ${r}`),
    };
  }
  const trials = ISTIO_VERSIONS.flatMap((v) => {
    const d = driftFrom(config, v, dump, options);
    return d.ok ? [{ version: v, drift: d.drift }] : [];
  });
  const exact = trials.filter((t) => t.drift.items.length === 0).map((t) => t.version);
  if (exact.length > 0) {
    const version = newest(exact);
    const ranges = toRanges(exact);
    return {
      ...base,
      version,
      versionSource: 'rules',
      versionWhy: `the configuration generates exactly these rules at Istio ${ranges.map(formatRange).join(', ')}; the newest, ${version}, is assumed`,
      ranges,
      drift: trials.find((t) => t.version === version)!.drift,
      notes: behaviourNote(exact, config, version),
    };
  }
  if (trials.length === 0)
    return {
      ...base,
      ...fallback('no Istio version can generate this configuration'),
      ranges: [],
      drift: null,
      notes: [],
    };
  const fewest = Math.min(...trials.map((t) => t.drift.items.length));
  const nearest = trials.filter((t) => t.drift.items.length === fewest);
  const chosen = nearest.at(-1)!;
  return {
    ...base,
    version: chosen.version,
    versionSource: 'nearest',
    versionWhy: `no Istio version generates exactly these rules from the configuration; the nearest is ${formatRange(toRanges(nearest.map((t) => t.version))[0]!)} (${fewest} difference${fewest === 1 ? '' : 's'}), and ${chosen.version} is assumed`,
    ranges: [],
    drift: chosen.drift,
    notes: [],
  };
}

function withoutConfig(dump: readonly Ruleset[], given: SetupInput['version'], options: RulesetOptions): Setup {
  const inference = inferConfig(dump, { ...options, ...(given ? { versions: [given.version] } : {}) });
  const exact = inference.exact[0];
  const candidate = exact ?? inference.nearest[0];
  if (!candidate) {
    const why = inference.skipped[0]?.reason ?? 'nothing could be read from the rules';
    const v = given
      ? { version: given.version, versionSource: given.source, versionWhy: whyGiven(given) }
      : fallback(`no configuration could be read from the rules (${why})`);
    return {
      ...v,
      ranges: [],
      config: null,
      configSource: null,
      commandLine: null,
      drift: null,
      notes: [why],
      inference,
    };
  }
  // Every (configuration, version) pair that fits, oldest first; a version whose default injected configuration is
  // the one read back (a default sidecar) is the likeliest, so it is preferred over a newer one that needs flags.
  const pool = exact ? inference.exact : [candidate];
  const fits = pool.flatMap((c) => c.versions.map((v) => ({ c, v }))).sort((a, b) => compareVersions(a.v, b.v));
  const defaults = fits.filter(({ c, v }) => isDefaultInjection(c.config, v));
  const pick = given
    ? (fits.find((x) => x.v === given.version) ?? { c: candidate, v: given.version })
    : (defaults.at(-1) ?? fits.at(-1)!);
  const { c: chosen, v: version } = pick;
  const versions = (defaults.length > 0 ? defaults : fits).map((x) => x.v);
  const versionSource: VersionSource = given ? given.source : exact ? 'rules' : 'nearest';
  const among =
    defaults.length > 0
      ? `; they are the default injected configuration of Istio ${toRanges(versions).map(formatRange).join(', ')}`
      : '';
  const versionWhy = given
    ? whyGiven(given)
    : exact
      ? `these rules are what istio-iptables writes at Istio ${inference.ranges.map(formatRange).join(', ')}${among}; ${version} is assumed`
      : `no Istio version writes exactly these rules; the nearest configuration is ${candidate.ranges.map(formatRange).join(', ')}'s, and ${version} is assumed`;
  return {
    version,
    versionSource,
    versionWhy,
    ranges: exact ? inference.ranges : [],
    config: chosen.config,
    configSource: exact ? 'inferred' : 'nearest',
    commandLine: chosen.commandLine,
    drift: chosen.drift,
    notes: [...chosen.notes, ...(given ? [] : behaviourNote(versions, chosen.config, version))],
    inference,
  };
}

/** Whether istio-init with the version's default injection (no annotation, no proxyMetadata) writes this configuration. */
function isDefaultInjection(config: IstioConfig, version: IstioVersion): boolean {
  const injected = injectedConfig(version).config;
  return injected !== undefined && configToArgs(injected).text === configToArgs(config).text;
}

function fallback(why: string): Pick<Setup, 'version' | 'versionSource' | 'versionWhy'> {
  return {
    version: NEWEST_VERSION,
    versionSource: 'newest',
    versionWhy: `${why}; the newest known version, ${NEWEST_VERSION}, is assumed`,
  };
}
