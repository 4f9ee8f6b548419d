// Which binaries the oracle runs, found once on PATH. A backend is one pair of restore/save tools, never mixed within
// a namespace pair: iptables-nft and iptables-legacy tables can both be active and both hook (oracle/OBSERVATIONS.md).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { IptablesBackend } from './types.ts';

const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin'];

export function which(name: string): string | undefined {
  for (const dir of SEARCH_PATH) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export interface BackendTools {
  readonly restore: string;
  readonly save: string;
}

/** The generic `iptables-restore` counts only if its --version names the wanted backend. */
function genericIs(backend: IptablesBackend): boolean {
  const out = spawnSync('iptables-restore', ['--version'], { encoding: 'utf8' });
  const text = `${out.stdout ?? ''}${out.stderr ?? ''}`;
  return backend === 'nft' ? text.includes('nf_tables') : text.includes('legacy');
}

export function backendTools(backend: IptablesBackend): BackendTools | undefined {
  const restore = which(`iptables-${backend}-restore`);
  const save = which(`iptables-${backend}-save`);
  if (restore && save) return { restore, save };
  const genericRestore = which('iptables-restore');
  const genericSave = which('iptables-save');
  if (genericRestore && genericSave && genericIs(backend)) return { restore: genericRestore, save: genericSave };
  return undefined;
}

/** Tools every session needs, whatever the backend. */
export const COMMON_TOOLS = ['ip', 'ss', 'setpriv', 'conntrack'] as const;
