// `npm run oracle`: checks the model against the Linux kernel. Every scenario on istio-1.10, 1.18 and 1.25, a
// fixed-seed stream of arbitrary connections per profile, edited and mutated rulesets and one loop on iptables-nft;
// the scenarios again on iptables-legacy; on native nftables (nft -f), every scenario on the newest default nftables
// rules and on the rules Istio's nftables generator writes for each shared golden configuration. Prints the figures and every disagreement with both sides, writes the
// results as data (generated/kernel-oracle.json) and the machine it ran on apart (kernel-oracle.machine.json), and
// exits 1 on any disagreement. `npm run docs` renders generated/kernel-oracle.md from them. Without root or
// namespaces: one line, and exit 0 (1 in CI, where a skipped oracle must not pass).
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  COVERAGE_PROFILES,
  coveragePlan,
  disagreementLines,
  disagreementsOf,
  dnsDisagreementLines,
  FINDING_SKIPS,
  figuresLine,
  figuresOf,
  goldenCases,
  ipv6Cases,
  loopDisagreements,
  MACHINE_FILE,
  MUTANT_PROFILE,
  machineFacts,
  nativeCasesToRun,
  nativeConfigs,
  nativeDefault,
  newStats,
  oracleAvailability,
  oracleResults,
  RESULTS_FILE,
  rateLine,
  reachCases,
  resolveCoverageOptions,
  runDnsCases,
  runLoop,
  runOnBackend,
  SET_NAMES,
  skipDescription,
  versionCases,
  writeOracleFiles,
} from '../oracle/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(ROOT, 'generated');
/** The shared golden configurations, copied into the project (test/fixtures/istio/PROVENANCE.md). */
const CONFIG_DIR = join(ROOT, 'test/fixtures/istio/configs');

function count(what: string, min: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${what} must be an integer of at least ${min}, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
}

export async function main(argv: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const defaults = resolveCoverageOptions();
  const program = new Command('oracle')
    .description('replay the model against the Linux kernel in network namespaces')
    .addOption(
      new Option('--out-dir <dir>', `where to write ${RESULTS_FILE} and ${MACHINE_FILE}`).default(
        DEFAULT_OUT,
        'generated/',
      ),
    )
    .option(
      '--arbitrary <n>',
      'replayable arbitrary connections per profile',
      count('--arbitrary', 0),
      defaults.arbitraryPerProfile,
    )
    .option('--mutants <n>', `random mutants of ${MUTANT_PROFILE}`, count('--mutants', 0), defaults.mutants)
    .option('--seed <n>', 'seed of the arbitrary connections and mutants', count('--seed', 0), defaults.seed)
    .exitOverride();
  program.parse([...argv], { from: 'user' });
  const opts = program.opts<{ outDir: string; arbitrary: number; mutants: number; seed: number }>();

  const inCI = Boolean(process.env.CI);
  const nftAvailable = oracleAvailability('nft');
  if (!nftAvailable.ok) {
    print(`kernel oracle skipped: ${nftAvailable.reason}`);
    return inCI ? 1 : 0;
  }
  const legacyAvailable = oracleAvailability('legacy');
  if (!legacyAvailable.ok) print(`kernel oracle: no legacy backend (${legacyAvailable.reason}), nft only`);
  const plan = coveragePlan({ arbitraryPerProfile: opts.arbitrary, mutants: opts.mutants, seed: opts.seed });
  const nftStats = newStats();
  const legacyStats = newStats();
  const nft = await runOnBackend('nft', [...plan.scenarios, ...plan.arbitrary, ...plan.mutants], nftStats);
  const legacy = legacyAvailable.ok ? await runOnBackend('legacy', plan.scenarios, legacyStats) : null;
  const loop = await runLoop('nft', plan, nftStats);
  const nativeAvailable = oracleAvailability('native-nft');
  if (!nativeAvailable.ok) print(`kernel oracle: no native nftables backend (${nativeAvailable.reason})`);
  const nativeStats = newStats();
  const nativePlan = nativeCasesToRun([nativeDefault(), ...nativeConfigs(CONFIG_DIR)]);
  const native = nativeAvailable.ok
    ? [...(await runOnBackend('native-nft', nativePlan.run, nativeStats)).results, ...nativePlan.skipped]
    : null;
  const dnsStart = performance.now();
  const dnsBackends = legacyAvailable.ok ? (['nft', 'legacy'] as const) : (['nft'] as const);
  const dns = await runDnsCases(dnsBackends, [...versionCases(), ...reachCases(), ...goldenCases(), ...ipv6Cases()]);
  const dnsSeconds = (performance.now() - dnsStart) / 1000;

  print(`kernel oracle: Linux ${nft.kernelVersion}`);
  for (const set of ['scenario', 'arbitrary', 'mutant'] as const) {
    print(figuresLine(`nft ${SET_NAMES[set]}`, figuresOf(nft.results.filter((r) => r.meta.set === set))));
  }
  if (legacy) print(figuresLine(`legacy ${SET_NAMES.scenario}`, figuresOf(legacy.results)));
  if (native) print(figuresLine(`native-nft ${SET_NAMES.scenario}`, figuresOf(native)));
  const loopAgree = loop.chain.filter((h) => h.agree).length;
  print(`nft loop: ${loop.chain.length} hops, ${loopAgree} agree, ISTIO_REDIRECT counted ${loop.redirects} times`);
  const results = oracleResults({
    options: plan.options,
    profiles: COVERAGE_PROFILES,
    mutantProfile: MUTANT_PROFILE,
    nft: nft.results,
    legacy: legacy?.results ?? null,
    native,
    loop,
    dns,
  });
  const d = results.dns;
  if (d) {
    const where = `${d.cases.length} cases on ${dnsBackends.join(' and ')}`;
    print(`dns: ${d.total.flows} flows (${where}), ${d.total.agree} agree, ${d.total.disagree} disagree`);
    print(`dns: replayed in ${dnsSeconds.toFixed(1)} s`);
  }
  const t = results.total;
  print(figuresLine('total (loop included)', { ...t, agreements: t.agree, disagreements: t.disagree }));
  for (const { code, connections } of results.skipped) {
    print(`skipped ${connections} connections: ${code}, ${skipDescription(code)}`);
  }
  print(rateLine('nft', nftStats));
  if (legacy) print(rateLine('legacy', legacyStats));
  if (native) print(rateLine('native-nft', nativeStats));
  const all = [...nft.results, ...(legacy?.results ?? []), ...(native ?? [])];
  const disagreements = [
    ...disagreementsOf(nft.results, 'nft'),
    ...disagreementsOf(legacy?.results ?? [], 'legacy'),
    ...disagreementsOf(native ?? [], 'native-nft'),
    ...loopDisagreements(loop, 'nft'),
  ];
  for (const d of disagreements) for (const line of disagreementLines(d)) print(`DISAGREE ${line}`);
  const dnsDisagreements = results.dns ? dnsDisagreementLines(results.dns) : [];
  for (const line of dnsDisagreements) print(`DISAGREE ${line}`);
  const findings = all.filter((r) => r.skip && FINDING_SKIPS.has(r.skip.code));
  for (const r of findings) print(`SKIPPED ${r.meta.id}: ${r.skip?.code}: ${r.skip?.reason}`);

  const machine = machineFacts({
    kernel: nft.kernelVersion,
    node: process.version,
    backends: [
      { backend: 'nft', stats: nftStats },
      legacyAvailable.ok
        ? { backend: 'legacy', stats: legacyStats }
        : { backend: 'legacy', stats: legacyStats, unavailable: legacyAvailable.reason },
      nativeAvailable.ok
        ? { backend: 'native-nft', stats: nativeStats }
        : { backend: 'native-nft', stats: nativeStats, unavailable: nativeAvailable.reason },
    ],
  });
  const changed = writeOracleFiles(opts.outDir, results, machine);
  const shown = (file: string) => relative(process.cwd(), join(opts.outDir, file)) || file;
  print(`wrote ${shown(RESULTS_FILE)} (${changed ? 'changed' : 'unchanged'}) and ${shown(MACHINE_FILE)}`);
  if (changed) print('the results changed: npm run docs renders them into generated/kernel-oracle.md');
  // A CI run without the legacy backend has not checked what it promises either.
  return disagreements.length === 0 &&
    dnsDisagreements.length === 0 &&
    findings.length === 0 &&
    (legacyAvailable.ok || !inCI)
    ? 0
    : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      // commander has already printed the usage error (or the help): no stack for a mistyped option.
      if (e instanceof CommanderError) process.exit(e.exitCode);
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
}
