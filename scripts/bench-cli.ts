// `npm run bench:cli`: CPU time (user + system, from /usr/bin/time) of the compiled CLI's start-up and of a check,
// beside `node -e 0`, in side-by-side paired runs so that load on the machine hits both alike. Prints medians and
// the ratio to node's own start-up. Goals (issue 16): --help under 0.15 s, check --profile istio-1.25 under 0.4 s.
// Builds dist/ first. Never a test: timings belong in a benchmark, not an assertion.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BIN = join(ROOT, 'bin', 'sidecar-chains.js');

if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench:cli needs /usr/bin/time (GNU time) to read child CPU time\n');
  process.exit(2);
}
// Always from the current sources: a clone's dist/ may be older than them.
execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

/** CPU seconds (user + system) of one run. */
function cpu(args: readonly string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, SIDECAR_CHAINS_COMPILED: '1' },
    encoding: 'utf8',
  });
  // GNU time prints "Command exited with non-zero status N" first: a failing run measures nothing.
  if (r.status !== 0) {
    process.stderr.write(`bench:cli: node ${args.join(' ')} failed (status ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [user, sys] = last.split(' ').map(Number);
  return (user ?? Number.NaN) + (sys ?? Number.NaN);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const cases: [string, string[], number][] = [
  ['--help', [BIN, '--help'], 0.15],
  ['check --profile istio-1.25', [BIN, 'check', '--profile', 'istio-1.25'], 0.4],
];
const baseline: number[] = [];
const measured = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let i = 0; i < RUNS; i++) {
  // Paired: node -e 0 then each case, RUNS times.
  baseline.push(cpu(['-e', '0']));
  for (const [name, args] of cases) measured.get(name)!.push(cpu(args));
}
const base = median(baseline);
process.stdout.write(`CPU seconds (user+sys), median of ${RUNS} paired runs\n`);
process.stdout.write(`  node -e 0                      ${base.toFixed(3)}\n`);
for (const [name, , goal] of cases) {
  const m = median(measured.get(name)!);
  process.stdout.write(
    `  ${name.padEnd(30)} ${m.toFixed(3)}  (${(m / base).toFixed(1)}x node -e 0; goal ${goal} s: ${m <= goal ? 'met' : 'not met'})\n`,
  );
}
