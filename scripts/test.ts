// `npm test`: typecheck, lint, then every vitest suite; closes with one "tests: N passed, N failed" line that CI reads.
// Typecheck and lint count as one check each, so a type error can never hide behind green tests.
import { spawnSync } from 'node:child_process';
import { fcSettings } from '../properties/settings.ts';

interface Step {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

const extraArgs = process.argv.slice(2);
const steps: readonly Step[] = [
  { name: 'typecheck', command: 'npx', args: ['tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', command: 'npx', args: ['biome', 'check', '.'] },
];

let passed = 0;
let failed = 0;
for (const step of steps) {
  process.stdout.write(`== ${step.name}\n`);
  const result = spawnSync(step.command, step.args, { stdio: 'inherit' });
  if (result.status === 0) passed++;
  else {
    failed++;
    process.stdout.write(`${step.name} FAILED\n`);
  }
}

const { seed, numRuns } = fcSettings();
process.stdout.write(
  `== vitest (fast-check seed ${seed}, ${numRuns} runs per property; FC_SEED / FC_NUM_RUNS override)\n`,
);
const vitest = spawnSync('npx', ['vitest', 'run', ...extraArgs], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, FC_SEED: String(seed), FC_NUM_RUNS: String(numRuns) },
  maxBuffer: 256 * 1024 * 1024,
});
const out = vitest.stdout?.toString() ?? '';
process.stdout.write(out);
const summary = /^vitest: (\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(out);
if (summary) {
  passed += Number(summary[1]);
  failed += Number(summary[2]);
  // A skipped test is never counted as passing.
  if (Number(summary[3]) > 0) process.stdout.write(`(${summary[3]} skipped, not counted as passed)\n`);
}
if (!summary || vitest.status !== 0) {
  if (!summary || Number(summary[2]) === 0) failed++;
}
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
