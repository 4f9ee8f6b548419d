export { oracleAvailability } from './availability.ts';
export { type CoverageOptions, coveragePlan, runLoop, runOnBackend } from './coverage.ts';
export { newStats } from './coverage-run.ts';
export { type FuzzFigures, runFuzz } from './fuzz/run.ts';
export { withOracle } from './harness.ts';
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
  skipCounts,
  skipDescription,
} from './report.ts';
export { kernelOracleMarkdown } from './report-markdown.ts';
export { DEFAULT_LISTENERS } from './topology.ts';
export type { Backend, ObservedHop, Oracle, OracleActor, OracleHit, OracleHop, OracleOptions } from './types.ts';
