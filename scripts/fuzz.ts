// npm run fuzz -- [--backend nft|legacy|both] [--rulesets N] [--connections M] [--sessions K] [--seed S]
//                 [--shrink N] [--shrink-minutes T] [--out-dir DIR | --no-write] [--debug]
// The kernel fuzzer's long run (root): random rulesets replayed on the real kernel and judged against the model, the
// backends side by side. Prints the seed first (a fresh one unless given), one summary line per backend, every harness
// error and each shrunk counterexample; writes the figures to generated/kernel-fuzz.json (and the machine's facts,
// timings included, to kernel-fuzz.machine.json). Exits 1 on a disagreement or a harness error.
import { release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  type Backend,
  describeCounterexample,
  type FuzzBackendResult,
  fuzzFiguresLine,
  oracleAvailability,
  runFuzz,
  writeFuzzFiles,
} from '../oracle/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function count(what: string, min: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${what} must be an integer of at least ${min}, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
}

const program = new Command('fuzz')
  .description('differential fuzzing of the model against the Linux kernel (random rulesets, both iptables backends)')
  .addOption(new Option('--backend <b>', 'iptables backend').choices(['nft', 'legacy', 'both']).default('both'))
  .option('--rulesets <n>', 'random rulesets per family (IPv4, IPv6) and backend', count('--rulesets', 1), 100)
  .option('--connections <n>', 'at most this many connections per ruleset', count('--connections', 1), 12)
  .option('--sessions <n>', 'namespace pairs per family and backend, replaying side by side', count('--sessions', 1), 1)
  .option('--seed <n>', 'seed (a fresh one when absent; printed either way)', count('--seed', 0))
  .option('--shrink <n>', 'disagreements shrunk per family and backend', count('--shrink', 0), 1)
  .option('--shrink-minutes <n>', 'time each shrink may take', count('--shrink-minutes', 1), 5)
  .option('--out-dir <dir>', 'where to write kernel-fuzz.json and kernel-fuzz.machine.json', join(ROOT, 'generated'))
  .option('--no-write', 'write no result files')
  .option('--debug', "print the nft monitor's raw trace lines on stderr")
  .parse();
const o = program.opts<{
  backend: Backend | 'both';
  rulesets: number;
  connections: number;
  sessions: number;
  seed?: number;
  shrink: number;
  shrinkMinutes: number;
  outDir: string;
  write: boolean;
  debug?: boolean;
}>();

const backends: Backend[] = o.backend === 'both' ? ['nft', 'legacy'] : [o.backend];
const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
console.log(
  `fuzz: seed ${seed} (replay with --seed ${seed}); ${o.rulesets} rulesets per family and backend, up to ${o.connections} connections each`,
);
const available = backends.filter((b) => {
  const a = oracleAvailability(b);
  if (!a.ok) console.log(`fuzz ${b}: skipped, ${a.reason}`);
  return a.ok;
});
let failed = available.length < backends.length;
const started = Date.now();
const results: FuzzBackendResult[] = await Promise.all(
  available.map(async (backend) => {
    const t0 = Date.now();
    const report = await runFuzz({
      backend,
      seed,
      rulesets: o.rulesets,
      connections: o.connections,
      sessions: o.sessions,
      shrink: { count: o.shrink, budgetMs: o.shrinkMinutes * 60_000 },
      ...(o.debug ? { debug: (line: string) => process.stderr.write(`nft ${backend}: ${line}\n`) } : {}),
    });
    return { backend, report, seconds: (Date.now() - t0) / 1000 };
  }),
);
for (const r of results) {
  console.log(fuzzFiguresLine(r.backend, r.report.figures, r.seconds));
  for (const e of r.report.harnessErrors) console.log(`harness error: ${e}`);
  for (const d of r.report.disagreements) console.log(`disagreement (${r.backend}): ${d}`);
  for (const c of r.report.counterexamples) console.log(describeCounterexample(r.backend, c));
  if (r.report.figures.disagree + r.report.figures.loadDisagree + r.report.figures.harnessErrors > 0) failed = true;
}
if (o.write && results.length > 0) {
  const changed = writeFuzzFiles(
    o.outDir,
    { seed, rulesets: o.rulesets, connections: o.connections, results },
    {
      kernel: release(),
      node: process.version,
      seconds: (Date.now() - started) / 1000,
    },
  );
  console.log(
    `fuzz: wrote ${join(o.outDir, 'kernel-fuzz.json')}${changed ? '' : ' (unchanged)'}; npm run docs renders it`,
  );
}
process.exitCode = failed ? 1 : 0;
