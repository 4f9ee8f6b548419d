// The fast-check settings every property uses. The default seed is fixed so that `npm test` is reproducible
// everywhere; FC_SEED and FC_NUM_RUNS override it (scripts/test.ts prints the seed it used).
export const DEFAULT_SEED = 20261124;
export const DEFAULT_NUM_RUNS = 100;

export interface FcSettings {
  readonly seed: number;
  readonly numRuns: number;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

export function fcSettings(): FcSettings {
  return { seed: intFromEnv('FC_SEED', DEFAULT_SEED), numRuns: intFromEnv('FC_NUM_RUNS', DEFAULT_NUM_RUNS) };
}
