// Test helpers for the CLI: main() in-process with captured streams (fast, for the many cases), the real process
// (node bin/sidecar-chains.js, for the end-to-end handful), and the JSON Schemas compiled with ajv.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll } from 'vitest';
import { PROFILES, type ProfileName } from '../../model/profiles/index.ts';
import type { CliIo, OutStream } from '../../scripts/cli/io.ts';
import { main } from '../../scripts/cli/main.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_FIXTURES = join(ROOT, 'test', 'cli', 'fixtures');
export const ISTIO_FIXTURES = join(ROOT, 'test', 'fixtures', 'istio');

export const fixture = (name: string) => join(CLI_FIXTURES, name);

/**
 * The built-in profiles' rules as files, for commands that read a FILE: written to a temporary directory when a test
 * file is collected, removed after it. Call at the top level of a test file.
 */
export function profileFiles(): Readonly<Record<ProfileName, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-profiles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = {} as Record<ProfileName, string>;
  for (const p of PROFILES) {
    files[p.name] = join(dir, `${p.name}.rules`);
    writeFileSync(files[p.name], p.rulesText);
  }
  return files;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Pretend stdout and stderr are terminals. */
  readonly tty?: boolean;
}

function capture(tty: boolean): OutStream & { text: string } {
  const s = {
    text: '',
    isTTY: tty,
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s;
}

/** main() in-process, with captured output. */
export async function runCli(args: readonly string[], o: RunOptions = {}): Promise<CliResult> {
  const stdout = capture(o.tty ?? false);
  const stderr = capture(o.tty ?? false);
  const io: CliIo = {
    stdout,
    stderr,
    readStdin: async () => o.stdin ?? '',
    stdinIsTTY: false,
    env: o.env ?? {},
    cwd: o.cwd ?? ROOT,
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The real CLI process: node bin/sidecar-chains.js ARGS, with stdin piped in. */
export function spawnCli(args: readonly string[], o: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: undefined, ...o.env };
    const child = execFile(
      process.execPath,
      [join(ROOT, 'bin', 'sidecar-chains.js'), ...args],
      { cwd: o.cwd ?? ROOT, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? error.code : 0;
        if (typeof code !== 'number') reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(o.stdin ?? '');
  });
}

const SCHEMA_DIR = join(ROOT, 'scripts', 'cli', 'schema');

let ajv: Ajv2020 | undefined;

/** The validator for scripts/cli/schema/<name>.schema.json (strict mode, every error). */
export function schema(name: 'check' | 'trace' | 'explain' | 'profiles' | 'diff'): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true });
    for (const f of readdirSync(SCHEMA_DIR)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')));
  }
  return ajv.getSchema(`${name}.schema.json`)!;
}

/** Parses a --json document and asserts it against its schema; throws with ajv's errors when it does not match. */
export function validJson<T>(name: Parameters<typeof schema>[0], text: string): T {
  const doc: unknown = JSON.parse(text);
  const validate = schema(name);
  if (!validate(doc)) {
    throw new Error(`${name} document does not match its schema: ${JSON.stringify(validate.errors, null, 2)}`);
  }
  return doc as T;
}

/** A stack trace line, which a user error must never print. */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
