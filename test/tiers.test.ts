// The two tiers split the suite without losing a file: every test file runs in exactly one of `npm test` and
// `npm run test:slow` (CI runs both), and the slow list names only files that exist, so a renamed file cannot drop
// out of both tiers silently.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import fastConfig from '../vitest.config.ts';
import slowConfig from '../vitest.slow.config.ts';
import { ROOT } from './cli/helpers.ts';
import { SLOW_TIER } from './tiers.ts';

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts') && !e.parentPath.includes('node_modules'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

describe('test tiers', () => {
  it('every slow-tier entry is an existing test file, listed once', () => {
    expect(SLOW_TIER.length).toBeGreaterThan(0);
    expect(new Set(SLOW_TIER).size).toBe(SLOW_TIER.length);
    for (const f of SLOW_TIER) {
      expect(f).toMatch(/^(test|properties)\/.+\.test\.ts$/);
      expect(existsSync(join(ROOT, f)), f).toBe(true);
    }
  });

  it('npm test excludes exactly the slow tier, and the slow tier includes exactly it', () => {
    const all = [...testFiles('test'), ...testFiles('properties')];
    const slow = new Set(SLOW_TIER);
    expect(all.filter((f) => slow.has(f)).sort()).toEqual([...SLOW_TIER].sort());
    expect(fastConfig.test?.include).toEqual(['test/**/*.test.ts', 'properties/**/*.test.ts']);
    for (const f of SLOW_TIER) expect(fastConfig.test?.exclude).toContain(f);
    expect(slowConfig.test?.include).toEqual([...SLOW_TIER]);
  });
});
