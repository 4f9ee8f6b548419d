// The namespace pair: a pod (lo + eth0) and a remote (eth1 + Service/istiod addresses on lo). The veth pair is created
// inside the pod namespace with its peer moved straight into the remote one, so no interface ever appears in the root
// namespace; every command here is addressed to one of our namespaces by name (`ip -n`, `ip netns exec`).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ProcessGroup } from './proc.ts';
import {
  ISTIOD_ADDR,
  LINK_PREFIX_LEN,
  NETNS_PREFIX,
  OUTSIDE_ACTOR_ADDRS,
  POD_ADDR,
  POD_IFACE,
  REMOTE_ADDR,
  REMOTE_IFACE,
  REMOTE_SERVICE_VIP,
  SERVICE_CIDR,
  SERVICE_VIP,
} from './topology.ts';

export interface NamespacePair {
  readonly pod: string;
  readonly remote: string;
}

/** `scx-<pid>-`: the namespaces of this Node process. */
export function processPrefix(): string {
  return `${NETNS_PREFIX}${process.pid}-`;
}

/** Refuses to address anything but a namespace this process named, so no command can reach the root namespace. */
export function assertOurs(ns: string): string {
  if (!ns.startsWith(processPrefix()) || !/^[A-Za-z0-9-]+$/.test(ns)) {
    throw new Error(`refusing to touch namespace ${JSON.stringify(ns)}: not created by this oracle process`);
  }
  return ns;
}

/** Arguments for running `command` inside one of our namespaces. */
export function inNetns(ns: string, command: string, args: readonly string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', assertOurs(ns), command, ...args]];
}

export function newPairNames(): NamespacePair {
  const base = `${processPrefix()}${randomBytes(3).toString('hex')}`;
  return { pod: `${base}-pod`, remote: `${base}-remote` };
}

/** Named network namespaces with our prefix: this process's ('process', the default) or any oracle run's ('all'). */
export function listOurNamespaces(scope: 'process' | 'all' = 'process'): string[] {
  const prefix = scope === 'process' ? processPrefix() : NETNS_PREFIX;
  const out = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return (out.stdout ?? '')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix))
    .sort();
}

export async function createNamespacePair(procs: ProcessGroup, pair: NamespacePair): Promise<void> {
  assertOurs(pair.pod);
  assertOurs(pair.remote);
  try {
    await procs.run('ip', ['netns', 'add', pair.pod]);
    await procs.run('ip', ['netns', 'add', pair.remote]);
    // One `ip -batch` per namespace: -n applies to every line, and the batch stops at the first failing line.
    const podBatch = [
      'link set lo up',
      `link add ${POD_IFACE} type veth peer name ${REMOTE_IFACE} netns ${pair.remote}`,
      `addr add ${POD_ADDR}/${LINK_PREFIX_LEN} dev ${POD_IFACE}`,
      `link set ${POD_IFACE} up`,
      `route add ${SERVICE_CIDR} via ${REMOTE_ADDR} dev ${POD_IFACE}`,
    ];
    await procs.run('ip', ['-n', pair.pod, '-batch', '-'], { input: `${podBatch.join('\n')}\n` });
    const remoteBatch = [
      'link set lo up',
      `addr add ${REMOTE_ADDR}/${LINK_PREFIX_LEN} dev ${REMOTE_IFACE}`,
      `link set ${REMOTE_IFACE} up`,
      `addr add ${SERVICE_VIP}/32 dev lo`,
      `addr add ${ISTIOD_ADDR}/32 dev lo`,
      `addr add ${REMOTE_SERVICE_VIP}/32 dev lo`,
      ...OUTSIDE_ACTOR_ADDRS.map((a) => `addr add ${a}/${LINK_PREFIX_LEN} dev ${REMOTE_IFACE}`),
    ];
    await procs.run('ip', ['-n', pair.remote, '-batch', '-'], { input: `${remoteBatch.join('\n')}\n` });
  } catch (e) {
    destroyNamespacePairSync(pair);
    throw e;
  }
}

/** Deletes both namespaces (missing ones are fine). Synchronous so exit and signal handlers can use it. */
export function destroyNamespacePairSync(pair: NamespacePair): void {
  for (const ns of [pair.pod, pair.remote]) {
    assertOurs(ns);
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  }
}

export type RootSnapshot = Readonly<Record<string, string>>;

const SNAPSHOT_COMMANDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  // Without -t: legacy save then lists only tables that already exist. Naming a table (-t nat) would instantiate it
  // in the root namespace (x_tables creates per-netns tables on first use), which is exactly what must not happen.
  ['iptables-save', []],
  ['iptables-legacy-save', []],
  ['ip6tables-save', []],
  ['nft', ['list', 'ruleset']],
  ['ip', ['-o', 'link']],
  ['ip', ['-o', 'addr']],
  ['ip', ['route']],
  ['ip', ['-6', 'route']],
  ['ip', ['rule']],
];

const SNAPSHOT_FILES = [
  '/proc/sys/net/ipv4/ip_forward',
  '/proc/sys/net/ipv4/conf/all/route_localnet',
  '/proc/sys/net/ipv4/conf/all/rp_filter',
  '/proc/sys/net/netfilter/nf_log_all_netns',
  '/proc/sys/net/netfilter/nf_log/2',
  '/proc/net/ip_tables_names',
];

/** Read-only picture of the root namespace's netfilter, links, routes and a few sysctls, to compare before/after. */
export function rootSnapshot(): RootSnapshot {
  const snapshot: Record<string, string> = {};
  for (const [command, args] of SNAPSHOT_COMMANDS) {
    const out = spawnSync(command, args, { encoding: 'utf8' });
    const key = [command, ...args].join(' ');
    if (out.error) snapshot[key] = `(not run: ${out.error.message})`;
    // iptables-save prints "# Generated by ... on <date>" lines; only the rules matter.
    else snapshot[key] = `${normalise(out.stdout)}${out.stderr ? `\nstderr: ${out.stderr}` : ''}`;
  }
  for (const file of SNAPSHOT_FILES) {
    try {
      snapshot[file] = readFileSync(file, 'utf8');
    } catch (e) {
      snapshot[file] = `(unreadable: ${(e as Error).message})`;
    }
  }
  return snapshot;
}

/** Drops what changes by itself: iptables-save's "# Generated ... on <date>" lines and address/route lifetimes. */
function normalise(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .replace(/\b(valid_lft|preferred_lft|expires) \d+sec/g, '$1 <t>');
}
