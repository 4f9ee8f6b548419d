// Loads an nft script with the real `nft -f` into a private network namespace and lists it back in the three forms
// (`nft list ruleset`, `nft -a list ruleset`, `nft -j list ruleset`). One fresh namespace per script, so handles start
// at 1 as in a new pod; always deleted afterwards. nft resolves group names (`skgid java`) through /etc/group when it
// loads a rule: the caller's names are bind-mounted over /etc/group in a private mount namespace of the nft process
// only (`ip netns exec` already unshares mounts and makes them slave; `unshare --propagation private` on top), so the
// machine's own /etc/group is never changed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertOurs, inNetns, processPrefix } from './netns.ts';
import { ProcessGroup } from './proc.ts';
import { which } from './tools.ts';

export interface NftListings {
  readonly text: string;
  readonly handles: string;
  readonly json: string;
}

export type NftAvailability =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly reason: string };

/** Root, Linux, nft, ip and unshare, and a namespace that can really be made. */
export function nftAvailability(): NftAvailability {
  if (process.platform !== 'linux') return { ok: false, reason: `needs Linux, this is ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root (uid 0) to create network namespaces' };
  for (const tool of ['nft', 'ip', 'unshare', 'mount']) {
    if (!which(tool)) return { ok: false, reason: `${tool} not found on PATH` };
  }
  const ns = assertOurs(`${processPrefix()}nft-probe`);
  const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (add.status !== 0) return { ok: false, reason: `ip netns add failed: ${(add.stderr ?? '').trim()}` };
  spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  const version = spawnSync('nft', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { ok: true, version };
}

function groupFile(groups: Readonly<Record<string, number>>): string {
  const own = readFileSync('/etc/group', 'utf8');
  const extra = Object.entries(groups).map(([name, gid]) => `${name}:x:${gid}:`);
  return `${own.trimEnd()}\n${extra.join('\n')}\n`;
}

/** The namespace's name, for tests that prove it is gone afterwards. */
export function nftNamespaceName(): string {
  return assertOurs(`${processPrefix()}nft-${randomBytes(3).toString('hex')}`);
}

export async function listNftScript(
  script: string,
  options: { readonly groups?: Readonly<Record<string, number>>; readonly namespace?: string } = {},
): Promise<NftListings> {
  const ns = assertOurs(options.namespace ?? nftNamespaceName());
  const dir = mkdtempSync(join(tmpdir(), 'scx-nft-'));
  const procs = new ProcessGroup();
  try {
    const scriptPath = join(dir, 'rules.nft');
    const groupPath = join(dir, 'group');
    writeFileSync(scriptPath, script);
    writeFileSync(groupPath, groupFile(options.groups ?? {}));
    await procs.run('ip', ['netns', 'add', ns]);
    const load = `mount --bind "$1" /etc/group && exec nft -f "$2"`;
    const [cmd, args] = inNetns(ns, 'unshare', [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      load,
      'load',
      groupPath,
      scriptPath,
    ]);
    await procs.run(cmd, args);
    const list = async (...flags: string[]) => {
      const [c, a] = inNetns(ns, 'nft', [...flags, 'list', 'ruleset']);
      return (await procs.run(c, a)).stdout;
    };
    return { text: await list(), handles: await list('-a'), json: await list('-j') };
  } finally {
    await procs.stopAll();
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}
