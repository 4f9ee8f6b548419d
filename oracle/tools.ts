// Which binaries the oracle runs, found once on PATH. A backend is one pair of restore/save tools, never mixed within
// a namespace pair: iptables-nft and iptables-legacy tables can both be active and both hook (oracle/OBSERVATIONS.md).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Family } from '../model/net/index.ts';
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
function genericIs(backend: IptablesBackend, tool: string): boolean {
  const out = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  const text = `${out.stdout ?? ''}${out.stderr ?? ''}`;
  return backend === 'nft' ? text.includes('nf_tables') : text.includes('legacy');
}

/** The backend's restore/save pair for one family: `iptables-*` for IPv4, `ip6tables-*` for IPv6. */
export function backendTools(backend: IptablesBackend, family: Family = 'ipv4'): BackendTools | undefined {
  const ip = family === 'ipv4' ? 'iptables' : 'ip6tables';
  const restore = which(`${ip}-${backend}-restore`);
  const save = which(`${ip}-${backend}-save`);
  if (restore && save) return { restore, save };
  const genericRestore = which(`${ip}-restore`);
  const genericSave = which(`${ip}-save`);
  if (genericRestore && genericSave && genericIs(backend, `${ip}-restore`)) {
    return { restore: genericRestore, save: genericSave };
  }
  return undefined;
}

/** Tools every session needs, whatever the backend. */
export const COMMON_TOOLS = ['ip', 'ss', 'setpriv', 'conntrack'] as const;
