// `npm run backends`: compares Istio's iptables and native nftables backends for every shared golden configuration
// (oracle/backends.ts, about 35 s of CPU) and writes generated/backends.json, which `npm run docs` renders as
// generated/backends.md. Kernel results already in the file are kept for every difference that is still the same;
// `--kernel` (root) replays every difference's simplest connection on both backends in network namespaces
// (oracle/backends-kernel.ts) and records what the kernel did. Prints one line per configuration with differences,
// and whether the file changed.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import {
  backendPairs,
  computeBackends,
  confirmOnKernel,
  type KernelConfirmation,
  kernelWork,
  mergeKernel,
  oracleAvailability,
  readBackendsFile,
  writeBackendsFile,
} from '../oracle/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'test/fixtures/istio');

export async function main(argv: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const program = new Command('backends')
    .description('compare the iptables and native nftables backends of every shared golden configuration')
    .option('--out-dir <dir>', 'where to write backends.json', join(ROOT, 'generated'))
    .option(
      '--kernel',
      "replay every difference's simplest connection on both backends in network namespaces (root; about 2 s each)",
    )
    .exitOverride();
  program.parse([...argv], { from: 'user' });
  const { outDir, kernel } = program.opts<{ outDir: string; kernel?: boolean }>();
  const run = computeBackends(backendPairs(FIXTURES));
  const replayed = new Map<string, KernelConfirmation>();
  if (kernel) {
    const available = oracleAvailability('native-nft');
    if (!available.ok) throw new Error(`--kernel: the kernel oracle is unavailable: ${available.reason}`);
    for (const work of kernelWork(run)) {
      const results = await confirmOnKernel(work.pair, work.family, work.targets);
      const confirmed = [...results.values()].filter((r) => r.confirmed).length;
      print(`kernel: ${work.pair.name} ${work.family}: ${confirmed} of ${results.size} differences confirmed`);
      for (const [k, v] of results) replayed.set(k, v);
    }
  }
  const doc = mergeKernel(run.results, readBackendsFile(outDir), replayed);
  for (const c of doc.configurations) {
    const cells = c.families.filter((f) => f.differences.length > 0);
    if (cells.length === 0) continue;
    print(`${c.name}: ${cells.map((f) => `${f.family} ${f.differences.length} differences`).join(', ')}`);
  }
  const changed = writeBackendsFile(outDir, doc);
  print(`${doc.configurations.length} configurations compared; backends.json ${changed ? 'written' : 'unchanged'}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
