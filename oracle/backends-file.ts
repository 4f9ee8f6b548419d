// Reading and writing generated/backends.json (oracle/backends-data.ts): canonical JSON as the oracle's own files
// (oracle/report-file.ts), checked with ajv against oracle/backends.schema.json both ways, so a damaged or hand-edited
// file is an error naming the field, never a page rendered from half a document.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { BACKENDS_FILE, type BackendsResults } from './backends-data.ts';
import { canonicalJson } from './report-file.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const BACKENDS_SCHEMA = 'oracle/backends.schema.json';

let validator: ValidateFunction | undefined;

/** The problems ajv finds in a backends document, one line each; empty when it matches its schema. */
export function backendsProblems(doc: unknown): string[] {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(join(HERE, '..', BACKENDS_SCHEMA), 'utf8')),
  );
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '(the document)'} ${e.message ?? 'is invalid'}`);
}

/** generated/backends.json, checked against its schema; null when `npm run backends` has not written it. */
export function readBackendsFile(dir: string): BackendsResults | null {
  const path = join(dir, BACKENDS_FILE);
  if (!existsSync(path)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path} is not JSON (${(e as Error).message}); rerun npm run backends`);
  }
  const problems = backendsProblems(doc);
  if (problems.length > 0) {
    throw new Error(
      `${path} does not match ${BACKENDS_SCHEMA}: ${problems.slice(0, 5).join('; ')}; rerun npm run backends`,
    );
  }
  return doc as BackendsResults;
}

/** Writes the file after checking it against its schema; returns whether its bytes changed. */
export function writeBackendsFile(dir: string, doc: BackendsResults): boolean {
  const problems = backendsProblems(doc);
  if (problems.length > 0) throw new Error(`the backends results do not match their schema: ${problems.join('; ')}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, BACKENDS_FILE);
  const text = canonicalJson(doc);
  const changed = !existsSync(path) || readFileSync(path, 'utf8') !== text;
  writeFileSync(path, text);
  return changed;
}
