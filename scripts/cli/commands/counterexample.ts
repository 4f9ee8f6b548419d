// `counterexample`: runs one invariant as a fast-check property against the rules and writes the shrunk
// counterexample as a Markdown review page. fast-check (and the arbitraries) load only for this command.
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describeConnection, findInvariant } from '../../../model/invariants/index.ts';
import { loadDocsToolchain } from '../docs-toolchain.ts';
import { CliError, EXIT } from '../exit.ts';
import type { CliIo } from '../io.ts';
import { buildWorld, loadRules } from '../load.ts';
import type { PodOptions, RulesInputOptions } from '../options.ts';
import { checkOutputDir, makeDirs } from '../out-dir.ts';
import { progress } from '../progress.ts';
import { shellWords, traceArgs } from '../replay.ts';

export interface CounterexampleCommandOptions extends RulesInputOptions, PodOptions {
  readonly invariant: readonly string[];
  readonly out?: string;
  readonly seed?: number;
  readonly path?: string;
  readonly runs?: number;
}

/** FC_SEED when set (a malformed one is a usage error), else the project's seed. */
function envSeed(io: CliIo, fromEnv: (env: CliIo['env']) => { seed: number }): number {
  try {
    return fromEnv(io.env).seed;
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export async function runCounterexample(
  file: string | undefined,
  o: CounterexampleCommandOptions,
  io: CliIo,
): Promise<number> {
  if (o.invariant.length !== 1) throw new CliError('counterexample takes exactly one --invariant', true);
  const id = o.invariant[0]!;
  const invariant = findInvariant(id);
  if (!invariant) throw new CliError(`${id} is a lint, not an invariant a counterexample can break`, true);
  const rules = await loadRules(file, o, io);
  // findCounterexample searches the world's IPv4 rules when it has them: with --family ipv6, keep only IPv6.
  const family = o.family ?? rules.rulesets[0]!.family;
  const pod = buildWorld({ ...rules, rulesets: rules.rulesets.filter((r) => r.family === family) }, o);
  const dir = resolve(io.cwd, o.out ?? join('generated', 'counterexamples'));
  await checkOutputDir(dir, o.out ?? 'generated/counterexamples');
  const [{ findCounterexample }, { fcSettingsFromEnv }] = await Promise.all([
    import('../../../properties/index.ts'),
    import('../../fc-env.ts'),
  ]);
  const seed = o.seed ?? envSeed(io, fcSettingsFromEnv);
  const status = progress(io, true);
  status.show(`searching for a counterexample to ${id} (${family}, seed ${seed})`);
  let result: ReturnType<typeof findCounterexample>;
  try {
    result = findCounterexample(pod.world, id, {
      seed,
      ...(o.path !== undefined ? { path: o.path } : {}),
      ...(o.runs !== undefined ? { numRuns: o.runs } : {}),
    });
  } catch (e) {
    // fast-check throws when a --path does not lead to a failure of this search (another seed, rules or --runs).
    if (o.path === undefined) throw e;
    throw new CliError(
      `--path ${o.path} does not replay a failure of this search: give the --seed, rules and pod options it was recorded with`,
    );
  } finally {
    status.clear();
  }
  if (result.kind === 'not-applicable') {
    io.stdout.write(`${id} does not apply to ${rules.label} (${family}): ${result.reason}\n`);
    return EXIT.ok;
  }
  if (result.kind === 'holds') {
    io.stdout.write(
      `${id} holds on ${rules.label} (${family}): no counterexample in ${result.runs} runs (seed ${result.seed})\n`,
    );
    return EXIT.ok;
  }
  const { found } = result;
  const { counterexamplePage } = await loadDocsToolchain();
  const again = ['sidecar-chains', 'counterexample', ...rules.args, ...pod.args, '--invariant', id];
  again.push('--seed', String(found.seed), ...(found.path ? ['--path', found.path] : []));
  const markdown = counterexamplePage(
    {
      invariant: { id: invariant.id, statement: invariant.statement },
      connection: found.connection,
      trace: found.trace,
      why: found.why,
      rules: rules.label,
      replay: { seed: found.seed, ...(found.path ? { path: found.path } : {}), command: shellWords(again) },
    },
    'sidecar-chains counterexample',
  );
  const target = join(dir, `${rules.slug}-${id}.md`);
  try {
    await makeDirs(dir);
    await writeFile(target, markdown);
  } catch (e) {
    throw new CliError(`cannot write ${target}: ${(e as Error).message}`);
  }
  const shown = relative(io.cwd, target);
  io.stdout.write(`${shown.startsWith('..') ? target : shown}\n`);
  io.stderr.write(
    [
      `${id} is violated on ${rules.label} (${family}): ${found.why}`,
      `  connection  ${describeConnection(found.connection)}`,
      `  trace       ${shellWords(['sidecar-chains', 'trace', ...rules.args, ...pod.args, ...traceArgs(pod.world, found.connection)])}`,
      `  replay      ${shellWords(again)}`,
      '',
    ].join('\n'),
  );
  return EXIT.violated;
}
