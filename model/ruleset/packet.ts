// The first packet of a connection as netfilter sees it at one hook: what every match kind is evaluated against.
import type { Addr, Family } from '../net/index.ts';
import type { CtState } from './rule-parts.ts';

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;

export interface SocketOwner {
  /** The socket's file credentials (fsuid/fsgid), which is what xt_owner reads. */
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups of the opening process (only read by `--suppl-groups`). */
  readonly groups?: readonly number[];
}

export interface Packet {
  readonly family: Family;
  readonly protocol: number;
  readonly src: Addr;
  readonly dst: Addr;
  readonly sport: number;
  readonly dport: number;
  /** Set in PREROUTING/INPUT (and FORWARD); null on locally generated packets. */
  readonly inIface: string | null;
  /** Set after the routing decision: in OUTPUT/POSTROUTING (and FORWARD); null in PREROUTING/INPUT. */
  readonly outIface: string | null;
  /** The local socket that sends it; null for packets without one (arriving packets, or e.g. a kernel RST). */
  readonly owner: SocketOwner | null;
  readonly mark: number;
  readonly ctmark: number;
  readonly ctstate: CtState;
  /** Only the first packet of a connection is shown to the nat table; later ones follow conntrack's binding. */
  readonly firstPacket: boolean;
  /**
   * The zone of the conntrack template a `CT` rule attached before conntrack's hook (net/netfilter/xt_CT.c), or of
   * the entry the packet belongs to after it; 'unmodelled' when the template has --zone-orig/--zone-reply or
   * --zone mark, which the model does not follow. Absent: no template, zone 0 (nf_conntrack_zones.h).
   */
  readonly ctZone?: number | 'unmodelled';
}
