export { outcomeText, type RuleRef, ruleLabel } from './compare-format.ts';
export type { CoverageOptions, CoveragePlan } from './coverage.ts';
export {
  agrees,
  COVERAGE_PROFILES,
  coveragePlan,
  MUTANT_PROFILE,
  newStats,
  resolveCoverageOptions,
  runLoop,
  runOnBackend,
} from './coverage.ts';
export { oracleAvailability, withOracle } from './harness.ts';
export { listOurNamespaces, type RootSnapshot, rootSnapshot } from './netns.ts';
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
export type * from './report-data.ts';
export { MACHINE_FILE, PRODUCER, RESULTS_FILE, RESULTS_VERSION } from './report-data.ts';
export { canonicalJson, type OracleFiles, readOracleFiles, resultsProblems, writeOracleFiles } from './report-file.ts';
export { machineFacts } from './report-machine.ts';
export { kernelRelease } from './session.ts';
export * from './topology.ts';
export type * from './types.ts';
