// Which configuration and version native nftables rules (tools/istio-nftables, Istio 1.27+) stand against. The model's
// nftables generator follows istio/istio master (86c9f01), and release-1.27's run.go differs from it, so only the
// newest version is claimed; the drift compares what the generator writes for the configuration with the dump, both
// through the same nft parser and conversion (model/nft), so a golden read with its own configuration has none.
// Without a configuration, the default injected sidecar's is tried first (the likeliest), then the one read back
// from the rules (nft-infer.ts): exact when it regenerates them, otherwise the nearest, with its drift.
import {
  atLeast,
  compareRulesets,
  configToArgs,
  type Drift,
  generateNftables,
  type IstioConfig,
  injectedConfig,
  NEWEST_VERSION,
} from '../istio/index.ts';
import { nftRulesets, parseNftOrThrow } from '../nft/index.ts';
import type { Ruleset } from '../rules/index.ts';
import { inferNftConfig } from './nft-infer.ts';
import { type Setup, type SetupInput, whyGiven } from './setup-types.ts';

/** The generator's rules for a configuration, as the format-independent rulesets a dump is compared in. */
export function generatedRulesets(config: IstioConfig): Ruleset[] {
  const converted = nftRulesets(parseNftOrThrow(generateNftables(config).text).ruleset);
  return [converted.ipv4, converted.ipv6].filter((r) => r.tables.length > 0);
}

const driftOf = (config: IstioConfig, dump: readonly Ruleset[]): Drift =>
  compareRulesets(generatedRulesets(config), dump, { native: true });

const NEWEST_WHY = `native nftables rules: the model's nftables generator follows Istio master, so the newest known version, ${NEWEST_VERSION}, is assumed`;

/** Why no configuration could be read back: the reader's reason, and what the user can do. */
const noConfigNote = (why: string): string =>
  `${why}; give --config FILE or --istio-args '…' to compare the rules with a configuration`;

function versionOf(given: SetupInput['version']): Pick<Setup, 'version' | 'versionSource' | 'versionWhy' | 'notes'> {
  if (!given) return { version: NEWEST_VERSION, versionSource: 'newest', versionWhy: NEWEST_WHY, notes: [] };
  const notes = atLeast(given.version, '1.27')
    ? []
    : [`Istio ${given.version} has no native nftables backend (tools/istio-nftables arrived in 1.27)`];
  return { version: given.version, versionSource: given.source, versionWhy: whyGiven(given), notes };
}

export function nftSetup(dump: readonly Ruleset[], input: SetupInput): Setup {
  const v = versionOf(input.version);
  if (input.config) {
    const drift = driftOf(input.config, dump);
    return {
      ...v,
      ranges: drift.items.length === 0 ? [{ from: v.version, to: v.version }] : [],
      config: input.config,
      configSource: 'given',
      commandLine: configToArgs(input.config),
      drift,
    };
  }
  const injected = injectedConfig(NEWEST_VERSION).config;
  const drift = injected ? driftOf(injected, dump) : undefined;
  if (injected && drift && drift.items.length === 0) {
    return {
      ...v,
      ...(input.version
        ? {}
        : {
            versionWhy: `these are the default injected sidecar's native nftables rules (global.nativeNftables) as the model's generator writes them for Istio master; the newest known version, ${NEWEST_VERSION}, is assumed`,
          }),
      versionSource: input.version ? v.versionSource : 'rules',
      ranges: [{ from: NEWEST_VERSION, to: NEWEST_VERSION }],
      config: injected,
      configSource: 'inferred',
      commandLine: configToArgs(injected),
      drift,
    };
  }
  const inferred = inferNftConfig(dump, driftOf);
  if (!inferred.ok) {
    return {
      ...v,
      ranges: [],
      config: null,
      configSource: null,
      commandLine: null,
      drift: null,
      notes: [noConfigNote(inferred.reason), ...v.notes],
    };
  }
  const exact = inferred.drift.items.length === 0;
  return {
    ...v,
    ...(input.version
      ? {}
      : {
          versionWhy: exact
            ? `the configuration read back from these native nftables rules regenerates them with the model's nftables generator, which follows Istio master; the newest known version, ${NEWEST_VERSION}, is assumed`
            : `no configuration regenerates these native nftables rules exactly; the nearest is read back from them, and the newest known version, ${NEWEST_VERSION}, is assumed (the model's nftables generator follows Istio master)`,
        }),
    ranges: exact ? [{ from: v.version, to: v.version }] : [],
    config: inferred.config,
    configSource: exact ? 'inferred' : 'nearest',
    commandLine: configToArgs(inferred.config),
    drift: inferred.drift,
    notes: [...inferred.notes, ...v.notes],
  };
}
