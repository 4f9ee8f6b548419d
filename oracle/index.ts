export { oracleAvailability, withOracle } from './harness.ts';
export { listOurNamespaces, type RootSnapshot, rootSnapshot } from './netns.ts';
export { startedProcesses } from './proc.ts';
export { kernelRelease } from './session.ts';
export * from './topology.ts';
export type * from './types.ts';
