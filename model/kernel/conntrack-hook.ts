// What conntrack's hook and nf_nat do to a packet when the walk keeps a conntrack table (later packets, replies):
// the lookup in the template's zone (nf_conntrack_in -> resolve_normal_ct), the state the packet gets, the NAT binding
// of a known entry applied instead of the nat chains, in both directions (nf_nat_inet_fn -> nf_nat_packet: in the
// reply direction the manip type is inverted, so the reply's destination is restored at PREROUTING/OUTPUT when the
// connection was source-NATed and its source at INPUT/POSTROUTING when it was destination-NATed: the NAT reversal),
// and the confirmation of a new entry when the packet leaves the stack (__nf_conntrack_confirm).
import type { CtState } from '../ruleset/index.ts';
import {
  type ConntrackTable,
  type CtDirection,
  type CtEntry,
  type CtTuple,
  invertTuple,
  mayCreate,
  sameTuple,
  tupleOf,
} from './conntrack.ts';
import type { NatManip } from './hook-order.ts';
import type { TableOutcome, WorkingPacket } from './traversal-types.ts';

/** How the packet met conntrack: the zone it was looked up in, what was found, the state it got. */
export interface PacketConntrack {
  readonly zone: number;
  /** 'new': no entry, one is created; 'none': no entry and none may be created (ctstate INVALID). */
  readonly lookup: CtDirection | 'new' | 'none';
  readonly ctstate: CtState;
  /** The entry the packet belongs to once confirmed (or found); null when none. */
  entry: CtEntry | null;
}

export interface TrackState {
  readonly table: ConntrackTable;
  /** Set once conntrack's hook has seen the packet (a packet looped back through lo keeps it). */
  seen: PacketConntrack | null;
  /** The tuple the packet had at conntrack's hook, for a new entry's original tuple. */
  original: CtTuple | null;
}

export function newTrackState(table: ConntrackTable): TrackState {
  return { table, seen: null, original: null };
}

/** conntrack's hook with a table: look the packet up in its zone; a known entry's packet skips the nat chains. */
export function trackPacket(state: TrackState, p: WorkingPacket): TableOutcome | null {
  if (state.seen !== null || p.ctstate === 'UNTRACKED') return null;
  const zone = p.ctZone ?? 0;
  if (zone === 'unmodelled') {
    return {
      kind: 'undetermined',
      reason: 'a CT rule gives the packet a zone the model does not follow (--zone mark, --zone-orig, --zone-reply)',
    };
  }
  const tuple = tupleOf(p);
  const found = state.table.lookup(tuple, zone);
  if (found.kind === 'found') {
    const { entry, direction } = found;
    // resolve_normal_ct: the reply direction is ESTABLISHED; the original direction is ESTABLISHED once a reply was
    // seen (IPS_SEEN_REPLY), NEW before.
    const ctstate: CtState = direction === 'reply' || entry.status === 'REPLIED' ? 'ESTABLISHED' : 'NEW';
    if (direction === 'reply') entry.status = 'REPLIED';
    p.ctstate = ctstate;
    p.ctmark = entry.mark;
    p.firstPacket = false;
    state.seen = { zone, lookup: direction, ctstate, entry };
  } else if (mayCreate(p)) {
    // A packet that starts an entry is a first packet to nf_nat whatever came before it (an answer from a local stub
    // to a query tracked in another zone): nf_nat_inet_fn walks the nat chains for any new entry (nf_nat_core.c).
    p.firstPacket = true;
    p.ctstate = 'NEW';
    state.original = tuple;
    state.seen = { zone, lookup: 'new', ctstate: 'NEW', entry: null };
  } else {
    p.ctstate = 'INVALID';
    state.seen = { zone, lookup: 'none', ctstate: 'INVALID', entry: null };
  }
  p.ctZone = zone;
  return null;
}

/**
 * nf_nat at a hook for a packet of a known entry: its binding of that manip type, inverted in the reply direction
 * (nf_nat_packet). Returns true when it handled the packet (the nat chains are not walked).
 */
export function applyBinding(state: TrackState, p: WorkingPacket, manip: NatManip): boolean {
  const seen = state.seen;
  if (seen === null || seen.entry === null || (seen.lookup !== 'original' && seen.lookup !== 'reply')) return false;
  const { entry } = seen;
  // The packet is rewritten to the inverse of the other direction's tuple (nf_nat_manip_pkt).
  const target = seen.lookup === 'original' ? invertTuple(entry.reply) : invertTuple(entry.original);
  const statusManip: NatManip = seen.lookup === 'original' ? manip : manip === 'dst' ? 'src' : 'dst';
  if (!entry.nat[statusManip]) return true;
  if (manip === 'dst') {
    p.dst = target.dst;
    p.dport = target.dport;
  } else {
    p.src = target.src;
    p.sport = target.sport;
  }
  return true;
}

/**
 * Confirms the packet's new entry as the packet leaves the stack; the reply tuple is the inverse of the packet's
 * tuple after NAT. A clash with an entry of the same zone is undetermined: the kernel would choose another source
 * port when it sets up NAT (nf_nat_core.c, get_unique_tuple / nf_nat_used_tuple) or resolve the clash of UDP
 * entries (nf_conntrack_core.c, nf_ct_resolve_clash), neither of which the model follows.
 */
export function confirmPacket(state: TrackState, p: WorkingPacket): TableOutcome | null {
  const seen = state.seen;
  if (seen === null) return null;
  if (seen.entry !== null) {
    seen.entry.mark = p.ctmark;
    return null;
  }
  if (seen.lookup !== 'new' || state.original === null) return null;
  const original = state.original;
  const after = tupleOf(p);
  const nat = {
    dst: !sameTuple({ ...original, src: after.src, sport: after.sport }, after),
    src: !sameTuple({ ...original, dst: after.dst, dport: after.dport }, after),
  };
  const result = state.table.confirm(seen.zone, original, invertTuple(after), nat, p.ctmark);
  if ('clash' in result) {
    return {
      kind: 'undetermined',
      reason: `the new conntrack entry clashes with entry ${result.clash.id} of zone ${seen.zone}; the kernel would pick another port or resolve the clash, which is not modelled`,
    };
  }
  seen.entry = result.ok;
  return null;
}
