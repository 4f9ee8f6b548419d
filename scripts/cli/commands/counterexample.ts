// `counterexample`: runs one invariant as a fast-check property against the rules and writes the shrunk
// counterexample as a Markdown review page. fast-check (and the arbitraries) load only for this command.
import { constants } from 'node:fs';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describeConnection, findInvariant } from '../../../model/invariants/index.ts';
import { loadDocsToolchain } from '../docs-toolchain.ts';
import { CliError, EXIT } from '../exit.ts';
import type { CliIo } from '../io.ts';
import { buildWorld, loadRules } from '../load.ts';
import type { PodOptions, RulesInputOptions } from '../options.ts';
import { progress } from '../progress.ts';
import { shellWords, traceArgs } from '../replay.ts';

export interface CounterexampleCommandOptions extends RulesInputOptions, PodOptions {
  readonly invariant: readonly string[];
  readonly out?: string;
  readonly seed?: number;
  readonly path?: string;
  readonly runs?: number;
}

/** The nearest folder of `dir` that exists (dir itself when it does). */
async function nearestExisting(dir: string): Promise<{ path: string; isDir: boolean }> {
  for (let p = dir; ; p = dirname(p)) {
    try {
      return { path: p, isDir: (await stat(p)).isDirectory() };
    } catch {
      if (dirname(p) === p) return { path: p, isDir: false };
    }
  }
}

/** Before the search: --out must be a folder we can write, or one we can create in a folder we can write. */
async function checkOutputDir(dir: string, given: string): Promise<void> {
  const near = await nearestExisting(dir);
  if (!near.isDir) throw new CliError(`--out ${given}: ${near.path} is not a folder`);
  try {
    await access(near.path, constants.W_OK);
  } catch {
    throw new CliError(`--out ${given}: ${near.path} is not writable`);
  }
}

/**
 * mkdir -p one level at a time: Node's recursive mkdir never returns under /proc (a folder that refuses new entries
 * with ENOENT), so `--out /proc/nope` would hang.
 */
async function makeDirs(dir: string): Promise<void> {
  const near = await nearestExisting(dir);
  const missing = relative(near.path, dir)
    .split(sep)
    .filter((p) => p !== '');
  let at = near.path;
  for (const part of missing) {
    at = join(at, part);
    await mkdir(at);
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
  const { findCounterexample, fcSettings } = await import('../../../properties/index.ts');
  const seed = o.seed ?? fcSettings().seed;
  const dir = resolve(io.cwd, o.out ?? join('generated', 'counterexamples'));
  await checkOutputDir(dir, o.out ?? 'generated/counterexamples');
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
  const markdown = counterexamplePage(
    {
      invariant: { id: invariant.id, statement: invariant.statement },
      connection: found.connection,
      trace: found.trace,
      why: found.why,
      rules: rules.label,
      replay: { seed: found.seed, ...(found.path ? { path: found.path } : {}) },
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
  const again = ['sidecar-chains', 'counterexample', ...rules.args, ...pod.args, '--invariant', id];
  again.push('--seed', String(found.seed), ...(found.path ? ['--path', found.path] : []));
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
