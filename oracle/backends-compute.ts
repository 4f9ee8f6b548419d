// The whole iptables-vs-nftables comparison from the shared golden configurations (test/fixtures/istio: goldens,
// nft-goldens, configs): every pair of generated rulesets, compared (oracle/backends.ts), as the data file's model
// part (oracle/backends-data.ts). Used by `npm run backends` and by the freshness test.
import { join } from 'node:path';
import {
  type BackendComparison,
  type BackendPair,
  backendPair,
  compareBackends,
  readConfigFile,
  sharedGoldenNames,
} from './backends.ts';
import {
  BACKENDS_PRODUCER,
  BACKENDS_VERSION,
  type BackendsResults,
  backendsConfiguration,
  backendsInputs,
} from './backends-data.ts';

/** Every shared configuration's pair of rulesets: cheap (generation only), enough for the inputs digest. */
export function backendPairs(fixturesDir: string): BackendPair[] {
  const names = sharedGoldenNames(join(fixturesDir, 'goldens'), join(fixturesDir, 'nft-goldens'));
  return names.map((n) => backendPair(n, readConfigFile(join(fixturesDir, 'configs'), n)));
}

export interface BackendsRun {
  readonly pairs: readonly BackendPair[];
  readonly comparisons: readonly BackendComparison[];
  /** Without kernel results. */
  readonly results: BackendsResults;
}

/** The comparison itself: about 2 s of CPU per configuration. */
export function computeBackends(pairs: readonly BackendPair[]): BackendsRun {
  const comparisons = pairs.map(compareBackends);
  const results: BackendsResults = {
    producer: BACKENDS_PRODUCER,
    version: BACKENDS_VERSION,
    inputs: backendsInputs(pairs),
    configurations: comparisons.map(backendsConfiguration),
  };
  return { pairs, comparisons, results };
}
