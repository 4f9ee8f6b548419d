export { oracleAvailability } from './availability.ts';
export {
  type BackendComparison,
  type BackendPair,
  backendPair,
  compareBackends,
  readConfigFile,
  sharedGoldenNames,
} from './backends.ts';
export { type BackendsRun, backendPairs, computeBackends } from './backends-compute.ts';
export {
  BACKENDS_FILE,
  type BackendsConfiguration,
  type BackendsDifference,
  type BackendsFamily,
  type BackendsResults,
  backendsInputs,
  differenceKey,
  type KernelConfirmation,
  mergeKernel,
  modelPart,
} from './backends-data.ts';
export { BACKENDS_SCHEMA, backendsProblems, readBackendsFile, writeBackendsFile } from './backends-file.ts';
export {
  type BackendSide,
  confirmOnKernel,
  hopLine,
  type KernelTarget,
  type KernelWork,
  kernelTarget,
  kernelWork,
} from './backends-kernel.ts';
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
  comparedByTrace,
  NATIVE_DEFAULT,
  type NativeRules,
  nativeCasesToRun,
  nativeConfigs,
  nativeDefault,
  nativeScenarioCases,
} from './coverage-native.ts';
export { newStats } from './coverage-run.ts';
export { goldenCases, ipv6Cases, reachCases, versionCases } from './dns/cases.ts';
export { dnsDisagreementLines, dnsSection } from './dns/report.ts';
export { type DnsCaseResult, runDnsCases } from './dns/run.ts';
export {
  type FixtureReplay,
  type FuzzFixture,
  readFuzzFixtures,
  replayFixture,
} from './fuzz/fixtures.ts';
export {
  describeCounterexample,
  FUZZ_FILE,
  FUZZ_MACHINE_FILE,
  type FuzzBackendResult,
  type FuzzFiles,
  fuzzFiguresLine,
  fuzzResults,
  type KernelFuzzMachine,
  type KernelFuzzResults,
  readFuzzFiles,
  writeFuzzFiles,
} from './fuzz/report.ts';
export { emptyFigures, type FuzzFigures, type FuzzReport, fuzzListeners, runFuzz } from './fuzz/run.ts';
export { FuzzSession } from './fuzz/session.ts';
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
  DnsFlowRow,
  DnsSection,
  KernelOracleResults,
  LoopRecord,
  MachineFacts,
  RuleAt,
  SummaryRow,
} from './report-data.ts';
export { MACHINE_FILE, RESULTS_FILE } from './report-data.ts';
export { canonicalJson, type OracleFiles, readOracleFiles, resultsProblems, writeOracleFiles } from './report-file.ts';
export { machineFacts } from './report-machine.ts';
export { runPidOf, type SweepReport, staleNamespaces, sweepMessage, sweepStaleNamespaces } from './stale-sweep.ts';
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
