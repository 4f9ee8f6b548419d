// The fast-check settings: fixed defaults, so that `npm test`, `npm run docs` and `npm run oracle` give the same
// results everywhere, and a function that checks explicit values. Nothing here reads the environment: FC_SEED and
// FC_NUM_RUNS are read by scripts/fc-env.ts, for `npm test` (vitest.config.ts) and the CLI only, so no generated
// document can depend on them.
export const DEFAULT_SEED = 20261124;
export const DEFAULT_NUM_RUNS = 100;

export interface FcSettings {
  readonly seed: number;
  readonly numRuns: number;
}

/** The defaults, with the given values in their place; a seed or run count that is not an integer is an error. */
export function fcSettings(values: Partial<FcSettings> = {}): FcSettings {
  const seed = values.seed ?? DEFAULT_SEED;
  const numRuns = values.numRuns ?? DEFAULT_NUM_RUNS;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`a fast-check seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) {
    throw new RangeError(`a fast-check run count must be a positive integer, got ${numRuns}`);
  }
  return { seed, numRuns };
}
