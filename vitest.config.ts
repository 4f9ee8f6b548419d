import { configDefaults, defineConfig } from 'vitest/config';
import type { FcSettings } from './properties/index.ts';
import { fcSettingsFromEnv } from './scripts/fc-env.ts';
import { SLOW_TIER } from './test/tiers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Read from FC_SEED / FC_NUM_RUNS once, here (scripts/fc-env.ts), and handed to every test file (vitest.setup.ts). */
    fcSettings: FcSettings;
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts'],
    // The long runs are `npm run test:slow` (vitest.slow.config.ts); CI runs both tiers.
    exclude: [...configDefaults.exclude, ...SLOW_TIER],
    environment: 'node',
    setupFiles: ['./vitest.setup.ts'],
    provide: { fcSettings: fcSettingsFromEnv() },
    reporters: ['default', './vitest.summary-reporter.ts'],
    // Vitest leaves one core free by default, which on a 2-core machine means one worker; the suites are independent
    // (the kernel oracle's namespaces are named per process), so use both cores.
    maxWorkers: 2,
    // Each worker imports the model once instead of once per file: measured side by side on this suite, the whole run
    // takes 114 s of CPU instead of 192 s (most of the difference is module loading). The files share no mutable
    // state: settings come from `provide`, caches in the model are pure functions of their keys.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
