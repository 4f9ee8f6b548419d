// The conntrack table as data: entries with their original and reply tuples, zone, NAT binding and status, and the
// lookup conntrack's hook does (net/netfilter/nf_conntrack_core.c, nf_conntrack_in -> resolve_normal_ct).
// A packet's tuple is looked up in the zone of its template (or zone 0, nf_conntrack_zones.h): an entry matches when
// the tuple equals its original tuple (the packet goes in the original direction) or its reply tuple (the reply
// direction) AND the zones are equal (nf_ct_key_equal: nf_ct_zone_equal). An entry's reply tuple is the inverse of its
// original tuple after NAT (nf_nat_setup_info: nf_conntrack_alter_reply), so a reply finds it only if it comes from
// the translated destination to the translated source, in the same zone.
import { type Addr, addrEquals, formatAddr } from '../net/index.ts';
import { type Packet, PROTO_TCP } from './packet.ts';

export interface CtTuple {
  readonly family: Packet['family'];
  readonly protocol: number;
  readonly src: Addr;
  readonly sport: number;
  readonly dst: Addr;
  readonly dport: number;
}

export type CtDirection = 'original' | 'reply';

/** The entry's status as `conntrack -L` prints it: [UNREPLIED] until a reply was seen (IPS_SEEN_REPLY). */
export type CtStatus = 'UNREPLIED' | 'REPLIED';

export interface CtEntry {
  /** 1-based, in the order entries were confirmed. */
  readonly id: number;
  readonly zone: number;
  readonly original: CtTuple;
  /** The tuple a reply must carry: the inverse of the original tuple after NAT. */
  readonly reply: CtTuple;
  /** Whether the first packet's destination (DNAT, REDIRECT) or source (SNAT, MASQUERADE) was translated. */
  readonly nat: { readonly dst: boolean; readonly src: boolean };
  status: CtStatus;
  mark: number;
}

/** What conntrack's hook found for a packet. */
export type CtLookup =
  | { readonly kind: 'found'; readonly entry: CtEntry; readonly direction: CtDirection }
  | { readonly kind: 'none' };

export function tupleOf(p: Packet): CtTuple {
  return { family: p.family, protocol: p.protocol, src: p.src, sport: p.sport, dst: p.dst, dport: p.dport };
}

export function invertTuple(t: CtTuple): CtTuple {
  return { ...t, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
}

export function sameTuple(a: CtTuple, b: CtTuple): boolean {
  return (
    a.family === b.family &&
    a.protocol === b.protocol &&
    a.sport === b.sport &&
    a.dport === b.dport &&
    addrEquals(a.src, b.src) &&
    addrEquals(a.dst, b.dst)
  );
}

/** `src:sport -> dst:dport`, IPv6 in brackets. */
export function tupleText(t: CtTuple): string {
  const at = (a: Addr, port: number) =>
    a.family === 'ipv6' ? `[${formatAddr(a)}]:${port}` : `${formatAddr(a)}:${port}`;
  return `${at(t.src, t.sport)} -> ${at(t.dst, t.dport)}`;
}

/** The table of one network namespace (the pod's): confirmed entries only, in confirmation order. */
export class ConntrackTable {
  readonly #entries: CtEntry[] = [];

  get entries(): readonly CtEntry[] {
    return this.#entries;
  }

  lookup(tuple: CtTuple, zone: number): CtLookup {
    for (const entry of this.#entries) {
      if (entry.zone !== zone) continue;
      if (sameTuple(entry.original, tuple)) return { kind: 'found', entry, direction: 'original' };
      if (sameTuple(entry.reply, tuple)) return { kind: 'found', entry, direction: 'reply' };
    }
    return { kind: 'none' };
  }

  /**
   * Confirms a new entry (__nf_conntrack_confirm at INPUT or POSTROUTING). When an entry of the same zone already
   * holds either tuple the kernel drops the packet (the insert clashes: nf_ct_resolve_clash can only merge equal
   * entries); that is returned as the clashing entry.
   */
  confirm(
    zone: number,
    original: CtTuple,
    reply: CtTuple,
    nat: CtEntry['nat'],
    mark: number,
  ): { ok: CtEntry } | { clash: CtEntry } {
    for (const e of this.#entries) {
      if (e.zone !== zone) continue;
      for (const t of [e.original, e.reply]) {
        if (sameTuple(t, original) || sameTuple(t, reply)) return { clash: e };
      }
    }
    const entry: CtEntry = { id: this.#entries.length + 1, zone, original, reply, nat, status: 'UNREPLIED', mark };
    this.#entries.push(entry);
    return { ok: entry };
  }
}

/**
 * Whether a packet with no entry may create one (the protocol's `new` check in nf_conntrack_proto_*.c). TCP creates
 * entries only from a packet that opens (tcp_new: from TCP_CONNTRACK_NONE a SYN/ACK or a lone ACK of a reply is
 * invalid); UDP creates one from any datagram (nf_conntrack_proto_udp.c has no check).
 */
export function mayCreate(p: Packet): boolean {
  return p.protocol !== PROTO_TCP || p.firstPacket;
}
