// `npm run oracle`: checks the model against the Linux kernel. Every scenario on istio-1.10, 1.18 and 1.25, a
// fixed-seed stream of arbitrary connections per profile, edited and mutated rulesets and one loop on iptables-nft;
// the scenarios again on iptables-legacy. Prints the figures and every disagreement with both sides, writes
// generated/kernel-oracle.md, and exits 1 on any disagreement. Without root or namespaces: one line, and exit 0
// (1 in CI, where a skipped oracle must not pass).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import {
  type CoverageOptions,
  coveragePlan,
  disagreementLines,
  disagreementsOf,
  FINDING_SKIPS,
  figuresLine,
  figuresOf,
  kernelOracleMarkdown,
  loopDisagreements,
  newStats,
  oracleAvailability,
  rateLine,
  runLoop,
  runOnBackend,
  SET_NAMES,
  skipCounts,
  skipDescription,
} from '../oracle/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = resolve(ROOT, 'generated/kernel-oracle.md');

export async function main(argv: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const program = new Command('oracle')
    .description('replay the model against the Linux kernel in network namespaces')
    .option('--out <file>', 'where to write the Markdown report', DEFAULT_OUT)
    .option('--arbitrary <n>', 'replayable arbitrary connections per profile', '200')
    .option('--mutants <n>', 'random mutants of istio-1.10', '10')
    .exitOverride();
  program.parse([...argv], { from: 'user' });
  const opts = program.opts<{ out: string; arbitrary: string; mutants: string }>();

  const inCI = Boolean(process.env.CI);
  const nftAvailable = oracleAvailability('nft');
  if (!nftAvailable.ok) {
    print(`kernel oracle skipped: ${nftAvailable.reason}`);
    return inCI ? 1 : 0;
  }
  const legacyAvailable = oracleAvailability('legacy');
  if (!legacyAvailable.ok) print(`kernel oracle: no legacy backend (${legacyAvailable.reason}), nft only`);
  const options: CoverageOptions = { arbitraryPerProfile: Number(opts.arbitrary), mutants: Number(opts.mutants) };
  const plan = coveragePlan(options);
  const nftStats = newStats();
  const legacyStats = newStats();
  const nft = await runOnBackend('nft', [...plan.scenarios, ...plan.arbitrary, ...plan.mutants], nftStats);
  const legacy = legacyAvailable.ok
    ? await runOnBackend('legacy', plan.scenarios, legacyStats)
    : { results: [], kernelVersion: '' };
  const loop = await runLoop('nft', plan, nftStats);

  print(`kernel oracle: Linux ${nft.kernelVersion}`);
  for (const set of ['scenario', 'arbitrary', 'mutant'] as const) {
    print(figuresLine(`nft ${SET_NAMES[set]}`, figuresOf(nft.results.filter((r) => r.meta.set === set))));
  }
  print(figuresLine(`legacy ${SET_NAMES.scenario}`, figuresOf(legacy.results)));
  const loopAgree = loop.chain.filter((h) => h.agree).length;
  print(`nft loop: ${loop.chain.length} hops, ${loopAgree} agree, ISTIO_REDIRECT counted ${loop.redirects} times`);
  const all = [...nft.results, ...legacy.results];
  const total = figuresOf(all);
  print(
    figuresLine('total', { ...total, hops: total.hops + loop.chain.length, agreements: total.agreements + loopAgree }),
  );
  for (const { code, count } of skipCounts(all))
    print(`skipped ${count} connections: ${code}, ${skipDescription(code)}`);
  print(rateLine('nft', nftStats));
  print(rateLine('legacy', legacyStats));
  const disagreements = [
    ...disagreementsOf(nft.results, 'nft'),
    ...disagreementsOf(legacy.results, 'legacy'),
    ...loopDisagreements(loop, 'nft'),
  ];
  for (const d of disagreements) for (const line of disagreementLines(d)) print(`DISAGREE ${line}`);
  const findings = all.filter((r) => r.skip && FINDING_SKIPS.has(r.skip.code));
  for (const r of findings) print(`SKIPPED ${r.meta.id}: ${r.skip?.code}: ${r.skip?.reason}`);

  const markdown = kernelOracleMarkdown({
    kernelVersion: nft.kernelVersion,
    nft: nft.results,
    legacy: legacy.results,
    loop,
  });
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, markdown);
  print(`wrote ${opts.out}`);
  // A CI run without the legacy backend has not checked what it promises either.
  return disagreements.length === 0 && findings.length === 0 && (legacyAvailable.ok || !inCI) ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
}
