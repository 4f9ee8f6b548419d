export { oracleAvailability, withOracle } from './harness.ts';
export { listOurNamespaces, type RootSnapshot, rootSnapshot } from './netns.ts';
export {
  listNftScript,
  type NftAvailability,
  type NftListings,
  nftAvailability,
  nftNamespaceName,
} from './nft-listing.ts';
export { startedProcesses } from './proc.ts';
export { kernelRelease } from './session.ts';
export * from './topology.ts';
export type * from './types.ts';
