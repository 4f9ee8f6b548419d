// `npm run test:slow`: the long runs of the suite (test/tiers.ts), outside `npm test`; CI runs both tiers. The base
// configuration is spread, not merged: mergeConfig would append these include patterns to npm test's.
import { configDefaults, defineConfig } from 'vitest/config';
import { SLOW_TIER } from './test/tiers.ts';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: { ...base.test, include: [...SLOW_TIER], exclude: [...configDefaults.exclude] },
});
