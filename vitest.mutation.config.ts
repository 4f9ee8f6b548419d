// The slow mutation suites on Istio's golden configurations (test/mutation/*.deep.ts), outside `npm test`. The base
// configuration is spread, not merged: mergeConfig would append the include patterns to npm test's.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/mutation/**/*.deep.ts'], testTimeout: 600_000 },
});
