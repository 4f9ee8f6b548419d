// FC_SEED and FC_NUM_RUNS: the only place they are read. `npm test` (scripts/test.ts, vitest.config.ts) and the CLI's
// `counterexample` honour them; the docs generator and the kernel oracle take their settings as parameters, with
// the fixed defaults of properties/settings.ts, so `FC_SEED=… npm test` replays a run without making generated/ stale.
import { type FcSettings, fcSettings } from '../properties/index.ts';

type Env = Readonly<Record<string, string | undefined>>;

function intFromEnv(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** The project's fast-check settings with FC_SEED and FC_NUM_RUNS, when set, in place of the defaults. */
export function fcSettingsFromEnv(env: Env = process.env): FcSettings {
  const seed = intFromEnv(env, 'FC_SEED');
  const numRuns = intFromEnv(env, 'FC_NUM_RUNS');
  try {
    return fcSettings({ ...(seed === undefined ? {} : { seed }), ...(numRuns === undefined ? {} : { numRuns }) });
  } catch (e) {
    throw new Error(`FC_SEED / FC_NUM_RUNS: ${(e as Error).message}`);
  }
}
