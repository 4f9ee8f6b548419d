// fast-check settings: fixed defaults and explicit values in properties/settings.ts, which never reads the
// environment; FC_SEED and FC_NUM_RUNS are read by scripts/fc-env.ts alone (npm test's setup and the CLI).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NUM_RUNS, DEFAULT_SEED, fcSettings } from '../../properties/settings.ts';
import { fcSettingsFromEnv } from '../../scripts/fc-env.ts';

const saved = { seed: process.env.FC_SEED, runs: process.env.FC_NUM_RUNS };
afterEach(() => {
  for (const [name, value] of [
    ['FC_SEED', saved.seed],
    ['FC_NUM_RUNS', saved.runs],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('fcSettings', () => {
  it('is the fixed defaults, whatever FC_SEED and FC_NUM_RUNS say', () => {
    process.env.FC_SEED = '1';
    process.env.FC_NUM_RUNS = '3';
    expect(fcSettings()).toEqual({ seed: 20261124, numRuns: 100 });
    expect([DEFAULT_SEED, DEFAULT_NUM_RUNS]).toEqual([20261124, 100]);
  });

  it('takes explicit values and refuses ones fast-check cannot use', () => {
    expect(fcSettings({ seed: 7 })).toEqual({ seed: 7, numRuns: 100 });
    expect(fcSettings({ numRuns: 5000 })).toEqual({ seed: 20261124, numRuns: 5000 });
    expect(() => fcSettings({ seed: 1.5 })).toThrow('a fast-check seed must be an integer, got 1.5');
    expect(() => fcSettings({ numRuns: 0 })).toThrow('a fast-check run count must be a positive integer, got 0');
  });
});

describe('fcSettingsFromEnv', () => {
  it('reads FC_SEED and FC_NUM_RUNS when set, the defaults otherwise', () => {
    expect(fcSettingsFromEnv({})).toEqual({ seed: 20261124, numRuns: 100 });
    expect(fcSettingsFromEnv({ FC_SEED: '', FC_NUM_RUNS: ' ' })).toEqual({ seed: 20261124, numRuns: 100 });
    expect(fcSettingsFromEnv({ FC_SEED: '42', FC_NUM_RUNS: '5000' })).toEqual({ seed: 42, numRuns: 5000 });
  });

  it('names the variable of a bad value', () => {
    expect(() => fcSettingsFromEnv({ FC_SEED: 'abc' })).toThrow('FC_SEED must be an integer, got "abc"');
    expect(() => fcSettingsFromEnv({ FC_NUM_RUNS: '1e400' })).toThrow('FC_NUM_RUNS must be an integer, got "1e400"');
    expect(() => fcSettingsFromEnv({ FC_NUM_RUNS: '0' })).toThrow(
      'FC_SEED / FC_NUM_RUNS: a fast-check run count must be a positive integer, got 0',
    );
  });

  it("is what the test setup gave fast-check's global settings", () => {
    const { seed, numRuns } = fc.readConfigureGlobal();
    expect({ seed, numRuns }).toEqual(fcSettingsFromEnv(process.env));
  });
});
