export { oracleAvailability } from './availability.ts';
export { outcomeText, ruleLabel } from './compare-format.ts';
export {
  COVERAGE_PROFILES,
  coveragePlan,
  MUTANT_PROFILE,
  resolveCoverageOptions,
  runLoop,
  runOnBackend,
} from './coverage.ts';
export {
  NATIVE_DEFAULT,
  type NativeRules,
  nativeConfigs,
  nativeDefault,
  nativeScenarioCases,
} from './coverage-native.ts';
export { newStats } from './coverage-run.ts';
export { type FuzzFigures, runFuzz } from './fuzz/run.ts';
export { withOracle } from './harness.ts';
export { listingMismatches, nativeRules, nativeTree } from './native-nft.ts';
export { listOurNamespaces, type RootSnapshot, rootSnapshot } from './netns.ts';
export {
  listNftScript,
  type NftAvailability,
  type NftListings,
  nftAvailability,
  nftNamespaceName,
} from './nft-listing.ts';
export { startedProcesses } from './proc.ts';
export {
  disagreementLines,
  disagreementsOf,
  FINDING_SKIPS,
  figuresLine,
  figuresOf,
  loopDisagreements,
  rateLine,
  SET_NAMES,
  skipDescription,
} from './report.ts';
export { type OracleRun, oracleResults } from './report-build.ts';
export type {
  Counts,
  DisagreementRecord,
  KernelOracleResults,
  LoopRecord,
  MachineFacts,
  RuleAt,
  SummaryRow,
} from './report-data.ts';
export { MACHINE_FILE, RESULTS_FILE } from './report-data.ts';
export { canonicalJson, type OracleFiles, readOracleFiles, resultsProblems, writeOracleFiles } from './report-file.ts';
export { machineFacts } from './report-machine.ts';
export { DEFAULT_LISTENERS, OWNER_GROUPS } from './topology.ts';
export type {
  Backend,
  IptablesBackend,
  ObservedHop,
  Oracle,
  OracleActor,
  OracleHit,
  OracleHop,
  OracleOptions,
} from './types.ts';
