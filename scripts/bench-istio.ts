// `npm run bench:istio`: how long the istio-iptables generator and the configuration inference take per case, after
// start-up, on the 18 shared goldens (from their configurations) and the 9 version profiles (from each version's
// injected configuration). Each case is run once to warm up, then timed over several rounds; prints the median per
// case and the slowest. The goal is well under a second per case. A benchmark, not a test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  configFromJson,
  dryRun,
  generate,
  type IstioConfig,
  type IstioVersion,
  inferConfig,
  injectedConfig,
  NEWEST_VERSION,
  planRulesets,
} from '../model/istio/index.ts';
import { profileNamed } from '../model/profiles/index.ts';
import { parseDumpOrThrow, type Ruleset } from '../model/rules/index.ts';
import { type CliIo, main } from './cli/index.ts';

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'istio');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Case {
  readonly name: string;
  readonly config: IstioConfig;
  readonly version: IstioVersion;
  readonly dump: readonly Ruleset[];
}

const goldens: Case[] = readdirSync(join(FIXTURES, 'goldens'))
  .filter((f) => f.endsWith('.golden'))
  .map((f) => {
    const name = f.slice(0, -'.golden'.length);
    const config = configFromJson(readFileSync(join(FIXTURES, 'configs', `${name}.json`), 'utf8')).config!;
    const dump = parseDumpOrThrow(readFileSync(join(FIXTURES, 'goldens', f), 'utf8')).rulesets;
    return { name, config, version: NEWEST_VERSION, dump };
  });
const profiles: Case[] = (['1.4', '1.5', '1.8', '1.10', '1.11', '1.14', '1.18', '1.22', '1.25'] as const).map((v) => ({
  name: `istio-${v}`,
  config: injectedConfig(v).config!,
  version: v,
  dump: parseDumpOrThrow(profileNamed(`istio-${v}`).rulesText).rulesets,
}));

function time(run: () => void): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

const rows = [...goldens, ...profiles].map((c) => ({
  name: c.name,
  generate: time(() => {
    const g = generate(c.config, c.version);
    if (!g.ok) throw new Error(g.reasons.join('; '));
    dryRun(g.plan);
    planRulesets(g.plan);
  }),
  infer: time(() => {
    if (inferConfig(c.dump).exact.length === 0) throw new Error(`${c.name}: no exact configuration`);
  }),
}));

const ms = (x: number) => `${x.toFixed(2).padStart(8)} ms`;
process.stdout.write(
  `median of ${ROUNDS} rounds after one warm-up; generate = plan + dry-run text + rulesets; infer = all ${28} versions\n`,
);
for (const r of rows) process.stdout.write(`${r.name.padEnd(34)} generate ${ms(r.generate)}   infer ${ms(r.infer)}\n`);
const max = (k: 'generate' | 'infer') => Math.max(...rows.map((r) => r[k]));
const mean = (k: 'generate' | 'infer') => rows.reduce((s, r) => s + r[k], 0) / rows.length;
process.stdout.write(
  `mean: generate ${ms(mean('generate'))}, infer ${ms(mean('infer'))}; slowest: generate ${ms(max('generate'))}, infer ${ms(max('infer'))}\n`,
);

// The CLI path: the same work through main(argv, io) in this process (no start-up), as a user runs it. `generate
// --config` on each golden (its output checked against the golden, byte for byte), and `trace GOLDEN` of one
// connection, which reads the configuration back from the dump before building the pod world.
const silent = (): CliIo & { out: string[] } => {
  const out: string[] = [];
  return {
    out,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: () => true },
    readStdin: async () => '',
    stdinIsTTY: false,
    env: {},
    cwd: process.cwd(),
  };
};
async function timeAsync(run: () => Promise<void>): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}
/** `trace` may exit 3 (a golden's owner group names are unresolved without --group): a verdict, not a failure. */
async function cli(argv: string[], expected?: string): Promise<void> {
  const io = silent();
  const code = await main(argv, io);
  if (code !== 0 && !(argv[0] === 'trace' && code === 3))
    throw new Error(`sidecar-chains ${argv.join(' ')} exited ${code}`);
  if (expected !== undefined && io.out.join('') !== expected) throw new Error(`${argv.join(' ')}: not the golden`);
}
process.stdout.write(
  '\nthrough the CLI (main in-process, after start-up): generate --config; trace GOLDEN (reads back the config)\n',
);
const cliRows: { name: string; generate: number; trace: number }[] = [];
for (const c of goldens) {
  const goldenFile = join(FIXTURES, 'goldens', `${c.name}.golden`);
  const expected = readFileSync(goldenFile, 'utf8');
  const config = join(FIXTURES, 'configs', `${c.name}.json`);
  cliRows.push({
    name: c.name,
    generate: await timeAsync(() => cli(['generate', '--config', config], expected)),
    trace: await timeAsync(() => cli(['trace', goldenFile, '--actor', 'app', '--dst', '10.0.0.7:8080', '--json'])),
  });
}
for (const r of cliRows)
  process.stdout.write(`${r.name.padEnd(34)} generate ${ms(r.generate)}   trace ${ms(r.trace)}\n`);
const cliMax = (k: 'generate' | 'trace') => Math.max(...cliRows.map((r) => r[k]));
process.stdout.write(`slowest through the CLI: generate ${ms(cliMax('generate'))}, trace ${ms(cliMax('trace'))}\n`);
