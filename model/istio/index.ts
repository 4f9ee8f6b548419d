// The istio stage: Istio's capture configuration (every input that changes istio-iptables' rules, read from JSON, a
// command line or a pod manifest), the istio-iptables generator per version, and the configuration read back from a
// dump. Code outside the stage imports only this file.
export { cidrInput, maskedPrefixString, prefixString } from './config/cidr-text.ts';
export { type EnvInput, type EnvVar, envList } from './config/env.ts';
export { FIELD_NAMES, FIELDS, type FieldSpec, fieldSpec, type ValueKind } from './config/fields.ts';
export type { PodFacts } from './config/finish.ts';
export { FLAGS, type FlagSpec } from './config/flags.ts';
export { type ArgsOptions, configFromArgs } from './config/from-args.ts';
export { configFromJson, type JsonOptions } from './config/from-json.ts';
export { injectedArgs, injectedConfig } from './config/injected.ts';
export {
  type ConfigIssue,
  type ConfigIssueCode,
  describeInput,
  formatConfigIssue,
  hasConfigErrors,
  type InputRef,
} from './config/issues.ts';
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
export { generateNftables, type NftablesTransaction } from './nftables/capture.ts';
export { defaultNftablesRules } from './nftables/profile.ts';
export * from './version.ts';
