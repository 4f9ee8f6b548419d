// Original destinations from the pod's conntrack table. SO_ORIGINAL_DST is a getsockopt Node cannot make without a
// native addon, and it reads the same thing: the original-direction tuple of the connection's conntrack entry
// (net/netfilter/nf_conntrack_proto.c, getorigdst). Needs root, so the harness reads it, not the actors.
import type { Family } from '../model/net/index.ts';
import type { NetnsShell } from './netns-shell.ts';

export interface Tuple {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
}

export interface ConntrackEntry {
  readonly original: Tuple;
  readonly reply: Tuple;
  readonly state: string;
}

/** Parses `conntrack -L -o extended` lines: the first src/dst/sport/dport group is the original tuple, then reply. */
export function parseConntrack(text: string): ConntrackEntry[] {
  const entries: ConntrackEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (!fields.includes('tcp')) continue;
    const values = (name: string) =>
      fields.filter((f) => f.startsWith(`${name}=`)).map((f) => f.slice(name.length + 1));
    const [src, dst, sport, dport] = [values('src'), values('dst'), values('sport'), values('dport')];
    if (src.length < 2 || dst.length < 2 || sport.length < 2 || dport.length < 2) continue;
    const tuple = (i: number): Tuple => ({
      src: src[i]!,
      dst: dst[i]!,
      sport: Number(sport[i]),
      dport: Number(dport[i]),
    });
    const state = fields.find((f) => /^[A-Z_]+$/.test(f) && f !== 'ASSURED') ?? '';
    entries.push({ original: tuple(0), reply: tuple(1), state });
  }
  return entries;
}

/** `podShell` runs in the pod namespace; conntrack tables are per namespace. The tool lists IPv4 unless told. */
export async function readConntrack(podShell: NetnsShell, family: Family = 'ipv4'): Promise<ConntrackEntry[]> {
  const { stdout } = await podShell.run(['conntrack', '-L', '-f', family, '-p', 'tcp', '-o', 'extended']);
  return parseConntrack(stdout);
}

/** Only ever for the pod namespace: drops stale entries so a reloaded ruleset sees every connection as new. */
export async function flushConntrack(podShell: NetnsShell, family: Family = 'ipv4'): Promise<void> {
  await podShell.run(['conntrack', '-F', '-f', family]);
}

/** Entries keyed by the original tuple's source (address:port), which the oracle's port allocator makes unique. */
export function indexByClient(entries: readonly ConntrackEntry[]): Map<string, ConntrackEntry> {
  return new Map(entries.map((e) => [`${e.original.src}:${e.original.sport}`, e]));
}

export interface Endpoint {
  readonly addr: string;
  readonly port: number;
}

/**
 * The original destination of the connection from `client` that the listener accepted on `accepted`, or undefined
 * when the pod has no entry for it. The reply tuple must come from the accepted socket; anything else is a stale or
 * foreign entry, and a harness bug worth failing loudly for.
 */
export function originalDestination(
  byClient: ReadonlyMap<string, ConntrackEntry>,
  client: Endpoint,
  accepted: { readonly localAddr: string; readonly localPort: number },
): Endpoint | undefined {
  const entry = byClient.get(`${client.addr}:${client.port}`);
  if (!entry) return undefined;
  if (entry.reply.src !== accepted.localAddr || entry.reply.sport !== accepted.localPort) {
    throw new Error(
      `conntrack entry for ${client.addr}:${client.port} replies from ${entry.reply.src}:${entry.reply.sport}, ` +
        `but the listener accepted on ${accepted.localAddr}:${accepted.localPort}`,
    );
  }
  return { addr: entry.original.dst, port: entry.original.dport };
}
