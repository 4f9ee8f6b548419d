// Output folders checked before long work and created without Node's recursive mkdir.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { CliError } from './exit.ts';

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
export async function checkOutputDir(dir: string, given: string): Promise<void> {
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
export async function makeDirs(dir: string): Promise<void> {
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
