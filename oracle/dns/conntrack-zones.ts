// The pod's conntrack table with zones, as `conntrack -L -o extended` prints it: `zone=N` after the reply tuple when
// the entry lives in a zone other than 0 (ctnetlink_dump_zone_id in net/netfilter/nf_conntrack_netlink.c leaves zone
// 0 out), `[UNREPLIED]` until a reply was seen (IPS_SEEN_REPLY), `[ASSURED]` once the entry is assured. The listing
// holds both families (its first field says which); IPv6 addresses are written `[addr]:port` as the model's are, in
// the model's canonical text (RFC 5952: conntrack prints the IPv4-compatible ::127.0.0.53 dotted, the model ::7f00:35).
import { formatAddr, parseAddr } from '../../model/net/index.ts';
import type { NetnsShell } from '../netns-shell.ts';

export interface ZonedEntry {
  readonly family: 'ipv4' | 'ipv6';
  readonly protocol: 'tcp' | 'udp';
  readonly zone: number;
  /** `src:sport -> dst:dport`, like model/kernel tupleText. */
  readonly original: string;
  readonly reply: string;
  /** UNREPLIED or REPLIED, the model's CtStatus words. */
  readonly status: 'UNREPLIED' | 'REPLIED';
  readonly assured: boolean;
}

export function parseZonedConntrack(text: string): ZonedEntry[] {
  const entries: ZonedEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const protocol = fields.includes('udp') ? 'udp' : fields.includes('tcp') ? 'tcp' : undefined;
    if (!protocol) continue;
    const values = (name: string) =>
      fields.filter((f) => f.startsWith(`${name}=`)).map((f) => f.slice(name.length + 1));
    const [src, dst, sport, dport] = [values('src'), values('dst'), values('sport'), values('dport')];
    if (src.length < 2 || dst.length < 2 || sport.length < 2 || dport.length < 2) continue;
    const family = fields[0] === 'ipv6' ? 'ipv6' : 'ipv4';
    const at = (addr: string | undefined, port: string | undefined) =>
      family === 'ipv6' ? `[${formatAddr(parseAddr(addr ?? ''))}]:${port}` : `${addr}:${port}`;
    const tuple = (i: number) => `${at(src[i], sport[i])} -> ${at(dst[i], dport[i])}`;
    entries.push({
      family,
      protocol,
      zone: Number(values('zone')[0] ?? 0),
      original: tuple(0),
      reply: tuple(1),
      status: fields.includes('[UNREPLIED]') ? 'UNREPLIED' : 'REPLIED',
      assured: fields.includes('[ASSURED]'),
    });
  }
  return entries;
}

/** Every UDP and TCP entry of the namespace the shell runs in, both families and all zones at once. */
export async function readZonedConntrack(shell: NetnsShell): Promise<ZonedEntry[]> {
  const { stdout } = await shell.run(['conntrack', '-L', '-o', 'extended']);
  return parseZonedConntrack(stdout);
}
