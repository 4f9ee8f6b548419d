// The istio stage: Istio's capture configuration (every input that changes istio-iptables' rules, read from JSON, a
// command line or a pod manifest), the istio-iptables generator per version, and the configuration read back from a
// dump. Code outside the stage imports only this file.
export { cidrInput, maskedPrefixString, prefixString } from './config/cidr-text.ts';
export { CNI_SINCE, type CniRaw, cniRawConfig } from './config/cni.ts';
export { type EnvInput, type EnvVar, envList } from './config/env.ts';
export { FIELD_NAMES, FIELDS, type FieldSpec, fieldSpec, type ValueKind } from './config/fields.ts';
export type { PodFacts } from './config/finish.ts';
export { FLAGS, type FlagSpec } from './config/flags.ts';
export { type ArgsOptions, configFromArgs } from './config/from-args.ts';
export { configFromJson, type JsonOptions } from './config/from-json.ts';
export { configFromPod, type PodConfigResult, type PodOptions } from './config/from-pod.ts';
export { injectedArgs, injectedConfig } from './config/injected.ts';
export {
  type ConfigIssue,
  type ConfigIssueCode,
  describeInput,
  formatConfigIssue,
  hasConfigErrors,
  type InputRef,
} from './config/issues.ts';
export { type ContainerView, type PodView, readPod } from './config/manifest.ts';
export { type ConfigResult, MAX_OWNER_GROUPS_INCLUDE, parseRawConfig } from './config/parse.ts';
export { type CommandLine, configToArgs, configToJson, fieldText, ownerText, shellQuote } from './config/print.ts';
export { defaultRawConfig, type Provenance, type RawConfig, type RawValue } from './config/raw.ts';
export { splitShellWords, type Word, type Words } from './config/shell-words.ts';
export { splitList } from './config/split.ts';
export type {
  ConfigField,
  InterceptionMode,
  IstioCidr,
  IstioConfig,
  OwnerRef,
  Selection,
} from './config/types.ts';
export { compareChain, compareRulesets } from './drift/compare.ts';
export { describeDrift, describeDriftItem } from './drift/describe.ts';
export type { ChainRef, Drift, DriftItem, RuleRef } from './drift/types.ts';
export type { LogTag, PlannedRule } from './generate/builder.ts';
export { type NetworkRange, separate as separateV4V6 } from './generate/context.ts';
export { type DnsEra, type Features, featuresOf } from './generate/features.ts';
export { type GenerateResult, generate } from './generate/generate.ts';
export type { Command, Plan } from './generate/plan.ts';
export { dryRun, restoreLines } from './generate/render.ts';
export { planRulesets, type RulesetOptions, renderIptablesSave } from './generate/ruleset.ts';
export { dnsCaptureOn } from './generate/run.ts';
export { type Candidate, driftFrom, type Inference, type InferOptions, inferConfig } from './infer/infer.ts';
export { type Reading, readConfig } from './infer/read.ts';
export { generateNftables, type NftablesTransaction } from './nftables/capture.ts';
export { defaultNftablesRules } from './nftables/profile.ts';
export { readNftConfig } from './nftables-infer/read.ts';
export * from './version.ts';
