// Writing and reading the oracle's two result files (oracle/report-data.ts). Written as canonical JSON (keys sorted
// at every level, two-space indent, one final newline) so equal results are equal bytes; read back only after ajv
// has checked them against their schemas, so a damaged or hand-edited file is an error naming the field, never a
// page rendered from half a document.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { type KernelOracleResults, MACHINE_FILE, type MachineFacts, RESULTS_FILE } from './report-data.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const RESULTS_SCHEMA = 'oracle/kernel-oracle.schema.json';
export const MACHINE_SCHEMA = 'oracle/kernel-oracle.machine.schema.json';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
}

/** JSON with every object's keys sorted (by code unit, not locale), so the bytes depend on the data alone. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

let validators: { results: ValidateFunction; machine: ValidateFunction } | undefined;

function compiled() {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const load = (file: string) => JSON.parse(readFileSync(join(HERE, '..', file), 'utf8'));
    validators = { results: ajv.compile(load(RESULTS_SCHEMA)), machine: ajv.compile(load(MACHINE_SCHEMA)) };
  }
  return validators;
}

const errorLine = (e: ErrorObject): string => `${e.instancePath || '(the document)'} ${e.message ?? 'is invalid'}`;

/** The problems ajv finds in a results document, one line each; empty when it matches its schema. */
export function resultsProblems(doc: unknown, which: 'results' | 'machine'): string[] {
  const validate = compiled()[which];
  return validate(doc) ? [] : (validate.errors ?? []).map(errorLine);
}

function readChecked<T>(path: string, which: 'results' | 'machine', schema: string): T | null {
  if (!existsSync(path)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path} is not JSON (${(e as Error).message}); rerun npm run oracle`);
  }
  const problems = resultsProblems(doc, which);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw new Error(`${path} does not match ${schema}: ${shown}; rerun npm run oracle`);
  }
  return doc as T;
}

export interface OracleFiles {
  /** null when `npm run oracle` has not written its results into this directory. */
  readonly results: KernelOracleResults | null;
  readonly machine: MachineFacts | null;
}

/** Both files from a directory (generated/), each checked against its schema; a missing file is null. */
export function readOracleFiles(dir: string): OracleFiles {
  return {
    results: readChecked<KernelOracleResults>(join(dir, RESULTS_FILE), 'results', RESULTS_SCHEMA),
    machine: readChecked<MachineFacts>(join(dir, MACHINE_FILE), 'machine', MACHINE_SCHEMA),
  };
}

/**
 * Writes both files after checking them against their schemas (a writer out of step with its schema is a bug, caught
 * before it reaches generated/). Returns whether the results file's bytes changed.
 */
export function writeOracleFiles(dir: string, results: KernelOracleResults, machine: MachineFacts): boolean {
  for (const [doc, which] of [
    [results, 'results'],
    [machine, 'machine'],
  ] as const) {
    const problems = resultsProblems(doc, which);
    if (problems.length > 0) throw new Error(`the oracle's ${which} do not match their schema: ${problems.join('; ')}`);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, RESULTS_FILE);
  const text = canonicalJson(results);
  const changed = !existsSync(path) || readFileSync(path, 'utf8') !== text;
  writeFileSync(path, text);
  writeFileSync(join(dir, MACHINE_FILE), canonicalJson(machine));
  return changed;
}
