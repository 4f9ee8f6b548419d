// Can this machine run the kernel oracle? Root, Linux, the tools, and a namespace that can really be created and
// entered (containers without CAP_SYS_ADMIN fail there, not at `which`).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { assertOurs, processPrefix } from './netns.ts';
import { backendTools, COMMON_TOOLS, which } from './tools.ts';
import type { Backend, IptablesBackend } from './types.ts';

export type Availability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const cache = new Map<string, Availability>();

/** Checks the common prerequisites, and the backend's tools when one is named (default: at least one backend). */
export function oracleAvailability(backend?: Backend): Availability {
  const key = backend ?? 'any';
  const cached = cache.get(key);
  if (cached) return cached;
  const result = check(backend);
  cache.set(key, result);
  return result;
}

function check(backend: Backend | undefined): Availability {
  if (process.platform !== 'linux') return { ok: false, reason: `needs Linux, this is ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root (uid 0) to create network namespaces' };
  for (const tool of COMMON_TOOLS) {
    if (!which(tool)) return { ok: false, reason: `${tool} not found on PATH` };
  }
  if ((backend === 'nft' || backend === 'native-nft') && !which('nft')) {
    return { ok: false, reason: 'nft not found (needed to load native rules and read nft counters)' };
  }
  if (backend === 'native-nft') {
    for (const tool of ['unshare', 'mount'])
      if (!which(tool)) return { ok: false, reason: `${tool} not found on PATH` };
  }
  const backends: IptablesBackend[] =
    backend === undefined ? ['nft', 'legacy'] : backend === 'native-nft' ? [] : [backend];
  if (backends.length > 0 && !backends.some((b) => backendTools(b))) {
    return { ok: false, reason: `no iptables-restore for backend ${backends.join(' or ')}` };
  }
  // Actors run as uid 1000/1337: the node binary must be executable by others.
  if ((statSync(process.execPath).mode & 0o001) === 0) {
    return { ok: false, reason: `${process.execPath} is not executable by other users` };
  }
  return probeNamespace();
}

function probeNamespace(): Availability {
  const ns = assertOurs(`${processPrefix()}probe`);
  const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (add.status !== 0) return { ok: false, reason: `ip netns add failed: ${(add.stderr ?? '').trim()}` };
  try {
    const exec = spawnSync('ip', ['netns', 'exec', ns, 'ip', '-o', 'link'], { encoding: 'utf8' });
    if (exec.status !== 0) return { ok: false, reason: `ip netns exec failed: ${(exec.stderr ?? '').trim()}` };
    return { ok: true };
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  }
}
