// `npm test`: typecheck (`npm run typecheck`: the pure core model/ on its own, without Node types, then everything),
// lint and every vitest suite of the fast tier, the three at once; closes with one "tests: N passed, N failed" line
// that CI reads. Typecheck and lint count as one check each, so a type error can never hide behind green tests.
// `npm run test:slow` (`--tier slow`): the long runs (test/tiers.ts) alone, closing with the same kind of line; CI
// runs both tiers and adds them up.
import { spawn } from 'node:child_process';
import { fcSettingsFromEnv } from './fc-env.ts';

interface Result {
  readonly name: string;
  readonly status: number | null;
  readonly output: string;
}

/** Runs a command and collects its output; with `live` it is also streamed as it comes (vitest's progress). */
function run(name: string, command: readonly string[], env: NodeJS.ProcessEnv, live: boolean): Promise<Result> {
  return new Promise((resolve) => {
    const [program, ...args] = command;
    const child = spawn(program!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (stream: NodeJS.WriteStream) => (d: Buffer) => {
      output += d.toString();
      if (live) stream.write(d);
    };
    child.stdout.on('data', collect(process.stdout));
    child.stderr.on('data', collect(process.stderr));
    child.on('error', (e) => resolve({ name, status: 1, output: `${output}${e.message}\n` }));
    child.on('close', (status) => resolve({ name, status, output }));
  });
}

const { seed, numRuns } = fcSettingsFromEnv();
const args = process.argv.slice(2);
const tierAt = args.indexOf('--tier');
const tier = tierAt >= 0 ? args[tierAt + 1] : 'fast';
if (tier !== 'fast' && tier !== 'slow') {
  process.stderr.write(`--tier must be fast or slow, got ${JSON.stringify(tier ?? '')}\n`);
  process.exit(2);
}
const extraArgs = tierAt >= 0 ? [...args.slice(0, tierAt), ...args.slice(tierAt + 2)] : args;
const slow = tier === 'slow';
process.stdout.write(
  `fast-check seed ${seed}, ${numRuns} runs per property (FC_SEED / FC_NUM_RUNS override); ${slow ? 'the slow tier (test/tiers.ts)' : 'typecheck, lint and vitest run at once'}\n`,
);
const fcEnv = { ...process.env, FC_SEED: String(seed), FC_NUM_RUNS: String(numRuns) };
const vitestArgs = slow ? ['--config', 'vitest.slow.config.ts', ...extraArgs] : extraArgs;
const [vitest, ...checks] = await Promise.all([
  run('vitest', ['npx', 'vitest', 'run', ...vitestArgs], fcEnv, true),
  // Typecheck and lint belong to the fast tier only, so that the two tiers' counts add up without counting them twice.
  ...(slow
    ? []
    : [
        run('typecheck', ['npm', 'run', '--silent', 'typecheck'], process.env, false),
        run('lint', ['npx', 'biome', 'check', '.'], process.env, false),
      ]),
]);

let passed = 0;
let failed = 0;
for (const step of checks) {
  process.stdout.write(`== ${step.name}\n${step.output}`);
  if (step.status === 0) passed++;
  else {
    failed++;
    process.stdout.write(`${step.name} FAILED\n`);
  }
}
const summary = /^vitest: (\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(vitest.output);
if (summary) {
  passed += Number(summary[1]);
  failed += Number(summary[2]);
  // A skipped test is never counted as passed.
  if (Number(summary[3]) > 0) process.stdout.write(`(${summary[3]} skipped, not counted as passed)\n`);
}
// A vitest run that failed without a failing test (a file that did not load, a crash) still fails the run.
if (!summary || (vitest.status !== 0 && Number(summary[2]) === 0)) failed++;
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
