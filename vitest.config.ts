import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['./vitest.setup.ts'],
    reporters: ['default', './vitest.summary-reporter.ts'],
    // Vitest leaves one core free by default, which on a 2-core machine means one worker; the suites are independent
    // (the kernel oracle's namespaces are named per process), so use both cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
