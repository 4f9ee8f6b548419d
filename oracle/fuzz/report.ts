// The fuzzer's results for people and as data. Console lines for npm run fuzz; generated/kernel-fuzz.json holds only
// what follows from the seed, the model and the kernel's verdicts (a run with the same seed that agrees rewrites it
// byte for byte), and kernel-fuzz.machine.json the kernel release, Node and timings, which the freshness check never
// compares. Both are checked against their schemas (kernel-fuzz*.schema.json beside this file) when written and read.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { canonicalJson } from '../report-file.ts';
import type { Backend } from '../types.ts';
import type { FuzzCounterexample, FuzzFigures, FuzzReport } from './run.ts';
import { describeConnection } from './run-case.ts';

export const FUZZ_FILE = 'kernel-fuzz.json';
export const FUZZ_MACHINE_FILE = 'kernel-fuzz.machine.json';
const HERE = dirname(fileURLToPath(import.meta.url));

export interface FuzzBackendResult {
  readonly backend: Backend;
  readonly report: FuzzReport;
  readonly seconds: number;
}

export interface KernelFuzzResults {
  readonly producer: 'npm run fuzz';
  readonly version: 1;
  readonly seed: number;
  readonly rulesetsPerFamily: number;
  readonly connectionsPerRuleset: number;
  readonly backends: ReadonlyArray<{
    readonly backend: Backend;
    readonly figures: FuzzFigures;
    readonly families: Readonly<Record<string, FuzzFigures>>;
    readonly counterexamples: ReadonlyArray<{
      readonly family: string;
      readonly seed: number;
      readonly path: string;
      readonly what: string;
      readonly rules: string;
      readonly connections: readonly string[];
    }>;
  }>;
}

export interface KernelFuzzMachine {
  readonly producer: 'npm run fuzz';
  readonly version: 1;
  readonly kernel: string;
  readonly node: string;
  readonly seconds: number;
  readonly backends: ReadonlyArray<{
    readonly backend: Backend;
    readonly seconds: number;
    readonly connectionsPerSecond: number;
  }>;
}

export function fuzzFiguresLine(backend: Backend, f: FuzzFigures, seconds?: number): string {
  const time = seconds === undefined ? '' : ` in ${Math.round(seconds)} s`;
  return (
    `fuzz ${backend}: ${f.rulesets} rulesets (${f.loadedBoth} loaded by both, ${f.refusedBoth} refused by both, ` +
    `${f.loadDisagree} load disagreements), ${f.connections} connections: ${f.agree} agree, ${f.undetermined} ` +
    `undetermined, ${f.disagree} disagree; ${f.harnessErrors} harness errors${time}`
  );
}

export function describeCounterexample(backend: Backend, c: FuzzCounterexample): string {
  return [
    `counterexample (${backend}, ${c.family}, seed ${c.seed} path ${c.path}, shrunk): ${c.what}`,
    c.case.rules.trimEnd(),
    ...c.case.connections.map((x) => `  connection: ${describeConnection(x)}`),
  ].join('\n');
}

export function fuzzResults(run: {
  seed: number;
  rulesets: number;
  connections: number;
  results: readonly FuzzBackendResult[];
}): KernelFuzzResults {
  return {
    producer: 'npm run fuzz',
    version: 1,
    seed: run.seed,
    rulesetsPerFamily: run.rulesets,
    connectionsPerRuleset: run.connections,
    backends: run.results.map((r) => ({
      backend: r.backend,
      figures: r.report.figures,
      families: { ...r.report.perFamily } as Record<string, FuzzFigures>,
      counterexamples: r.report.counterexamples.map((c) => ({
        family: c.family,
        seed: c.seed,
        path: c.path,
        what: c.what,
        rules: c.case.rules,
        connections: c.case.connections.map(describeConnection),
      })),
    })),
  };
}

let validators: { results: ValidateFunction; machine: ValidateFunction } | undefined;
function compiled() {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const load = (file: string) => JSON.parse(readFileSync(join(HERE, file), 'utf8'));
    validators = {
      results: ajv.compile(load('kernel-fuzz.schema.json')),
      machine: ajv.compile(load('kernel-fuzz.machine.schema.json')),
    };
  }
  return validators;
}

export function fuzzProblems(doc: unknown, which: 'results' | 'machine'): string[] {
  const validate = compiled()[which];
  return validate(doc)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '(the document)'} ${e.message ?? 'is invalid'}`);
}

/** Writes both files (after the schema check); returns whether the results file's bytes changed. */
export function writeFuzzFiles(
  dir: string,
  run: Parameters<typeof fuzzResults>[0],
  machine: { kernel: string; node: string; seconds: number },
): boolean {
  const results = fuzzResults(run);
  const facts: KernelFuzzMachine = {
    producer: 'npm run fuzz',
    version: 1,
    kernel: machine.kernel,
    node: machine.node,
    seconds: Math.round(machine.seconds),
    backends: run.results.map((r) => ({
      backend: r.backend,
      seconds: Math.round(r.seconds),
      connectionsPerSecond: Math.round((r.report.figures.connections / Math.max(r.seconds, 0.001)) * 10) / 10,
    })),
  };
  for (const [doc, which] of [
    [results, 'results'],
    [facts, 'machine'],
  ] as const) {
    const problems = fuzzProblems(doc, which);
    if (problems.length > 0) throw new Error(`the fuzzer's ${which} do not match their schema: ${problems.join('; ')}`);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, FUZZ_FILE);
  const text = canonicalJson(results);
  const changed = !existsSync(path) || readFileSync(path, 'utf8') !== text;
  writeFileSync(path, text);
  writeFileSync(join(dir, FUZZ_MACHINE_FILE), canonicalJson(facts));
  return changed;
}

function readChecked<T>(path: string, which: 'results' | 'machine'): T | null {
  if (!existsSync(path)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path} is not JSON (${(e as Error).message}); rerun npm run fuzz`);
  }
  const problems = fuzzProblems(doc, which);
  if (problems.length > 0) throw new Error(`${path} does not match its schema: ${problems.slice(0, 5).join('; ')}`);
  return doc as T;
}

export interface FuzzFiles {
  readonly results: KernelFuzzResults | null;
  readonly machine: KernelFuzzMachine | null;
}

/** Both files from a directory (generated/); a missing file is null. */
export function readFuzzFiles(dir: string): FuzzFiles {
  return {
    results: readChecked<KernelFuzzResults>(join(dir, FUZZ_FILE), 'results'),
    machine: readChecked<KernelFuzzMachine>(join(dir, FUZZ_MACHINE_FILE), 'machine'),
  };
}
