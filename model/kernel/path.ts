// The kernel's path for the first packet of a connection through one host (the pod): locally generated packets
// (OUTPUT, re-route, POSTROUTING, then back in through lo when local), and packets arriving on an interface
// (PREROUTING, routing decision, INPUT). Conntrack's rule: nat sees only the first packet, and each of its two
// bindings (destination at PREROUTING/OUTPUT, source at INPUT/POSTROUTING) is set up once, so a packet looped back
// through lo is not shown to nat PREROUTING or nat INPUT again (nf_nat_inet_fn: nf_nat_initialized()).
// A packet gets its conntrack entry at conntrack's hook (priority -200: after raw, before mangle; hook-order.ts) in
// PREROUTING and OUTPUT, and only when the family's rules switch conntrack on (conntrack-users.ts); until then its
// ctstate is INVALID, and without an entry nat lets it through unseen (nf_nat_inet_fn: "if (!ct) return NF_ACCEPT").
import { type Addr, formatAddr, isLoopback } from '../net/index.ts';
import type { ChainType, Hook } from '../ruleset/index.ts';
import type { CompiledChain, CompiledRuleset } from './compile.ts';
import type { ConntrackTable } from './conntrack.ts';
import {
  applyBinding,
  confirmPacket,
  newTrackState,
  type PacketConntrack,
  type TrackState,
  trackPacket,
} from './conntrack-hook.ts';
import { type Packet, type RuleHit, type TableRef, tableLabel } from './packet.ts';
import { ACCEPT } from './traversal-types.ts';
import {
  applyEffect,
  type HostView,
  type NatEffect,
  type TableOutcome,
  traverseChain,
  type WorkingPacket,
} from './traverse.ts';

export interface NetHost extends HostView {
  ruleset(family: Packet['family']): CompiledRuleset | null;
  /** 127.0.0.0/8, ::1 and the host's own addresses. */
  isLocal(addr: Addr): boolean;
  /** The output interface for a locally generated packet: 'lo' for local destinations; null when unroutable. */
  routeOut(dst: Addr, mark: number): string | null;
}

export type PathVerdict =
  /** Routed to a local socket lookup (through lo for local traffic, or arriving and accepted by routing). */
  | 'local'
  /** Left the host on a non-loopback interface. */
  | 'sent'
  | 'dropped'
  | 'undetermined';

export interface HookVisit {
  readonly hook: Hook;
  readonly inIface: string | null;
  readonly outIface: string | null;
  /**
   * The tables whose base chains were walked, in order (nat is absent when conntrack already has the binding); text
   * names them with tableLabel.
   */
  readonly tables: readonly TableRef[];
  /** How many of the hop's hits (in order) happened at this hook. */
  readonly hitCount: number;
}

export interface PathResult {
  readonly verdict: PathVerdict;
  readonly reason?: string;
  readonly undeterminedAt?: RuleHit;
  readonly hits: readonly RuleHit[];
  readonly hooks: readonly HookVisit[];
  readonly effects: readonly NatEffect[];
  /** The packet as it finally is (after NAT, with the output interface chosen). */
  readonly packet: Packet;
  /** How conntrack saw the packet, when the walk kept a conntrack table (absent otherwise, and when untracked). */
  readonly conntrack?: PacketConntrack;
}

interface Walk {
  readonly p: WorkingPacket;
  readonly hits: RuleHit[];
  readonly hooks: HookVisit[];
  readonly effects: NatEffect[];
  readonly natDone: { dst: boolean; src: boolean };
  /** The state conntrack gives the packet once it has seen it (NEW for a first packet); null once given. */
  ctPending: Packet['ctstate'] | null;
  /** The conntrack table and what it did to this packet, when the caller keeps one (later packets, replies). */
  readonly track: TrackState | null;
}

/** conntrack's hook function: attach the entry, if the family's rules switched conntrack on. */
function conntrackHook(rs: CompiledRuleset, walk: Walk): TableOutcome | null {
  if (walk.track === null && (walk.ctPending === null || walk.p.ctstate === 'UNTRACKED')) return null;
  if (walk.track !== null && (walk.track.seen !== null || walk.p.ctstate === 'UNTRACKED')) return null;
  if (rs.conntrack === 'unknown') {
    return {
      kind: 'undetermined',
      reason:
        'whether conntrack is on is not modelled: a module whose use of conntrack is not known is loaded, and nat sees packets only when it is',
    };
  }
  if (walk.track !== null) return trackPacket(walk.track, walk.p);
  walk.p.ctstate = walk.ctPending!;
  walk.ctPending = null;
  return null;
}

/**
 * Runs every hook function at `hook` in the kernel's order (hook-order.ts): a base chain's ACCEPT goes on to the next
 * one, anything else ends the hook. nf_nat's entry walks its nat chains only for the first packet of a connection
 * with a conntrack entry whose binding of that manip type is not set up yet, and stops at the first chain that sets
 * one up (nf_nat_inet_fn); afterwards the binding counts as set up either way (nf_nat_alloc_null_binding).
 * `afterChain` may end the hook (re-routing that fails drops the packet).
 */
function runHook(
  host: NetHost,
  walk: Walk,
  hook: Hook,
  afterChain?: (type: ChainType, table: string) => TableOutcome | null,
): TableOutcome {
  const rs = host.ruleset(walk.p.family);
  const entries = rs?.hooks[hook] ?? [];
  const tables: TableRef[] = [];
  const firstHit = walk.hits.length;
  let outcome: TableOutcome = ACCEPT;
  const run = (chain: CompiledChain): TableOutcome => runChain(host, walk, chain, tables);
  // Indexed loops: this runs at every hook of every simulated hop, mostly as unoptimised code, where for-of
  // allocates an iterator result per step.
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    if (entry.kind === 'conntrack') {
      outcome = conntrackHook(rs!, walk) ?? outcome;
      if (outcome.kind !== 'accept') break;
      continue;
    }
    if (entry.kind === 'chain') {
      outcome = run(entry.chain);
      if (outcome.kind !== 'accept') break;
      outcome = afterChain?.(entry.chain.base!.type, tableLabel(entry.chain.table)) ?? outcome;
      if (outcome.kind !== 'accept') break;
      continue;
    }
    const { p, natDone } = walk;
    // A packet of a known entry gets the entry's binding (reversed for a reply); the nat chains are not walked.
    if (walk.track !== null && applyBinding(walk.track, p, entry.manip)) continue;
    if (!p.firstPacket || natDone[entry.manip]) continue;
    // No conntrack entry (conntrack off, not reached yet, or CT --notrack): nat is not consulted.
    if (p.ctstate === 'UNTRACKED' || p.ctstate === 'INVALID') continue;
    natDone[entry.manip] = true;
    for (let c = 0; c < entry.chains.length; c++) {
      const effectsBefore = walk.effects.length;
      outcome = run(entry.chains[c]!);
      if (outcome.kind !== 'accept' || walk.effects.length > effectsBefore) break;
    }
    if (outcome.kind !== 'accept') break;
    if (tables.length > 0) outcome = afterChain?.('nat', tableLabel(tables.at(-1)!)) ?? outcome;
    if (outcome.kind !== 'accept') break;
  }
  walk.hooks.push({
    hook,
    inIface: walk.p.inIface,
    outIface: walk.p.outIface,
    tables,
    hitCount: walk.hits.length - firstHit,
  });
  return outcome;
}

/** Walks one base chain of a hook and applies the NAT effects its rules chose. */
function runChain(host: NetHost, walk: Walk, chain: CompiledChain, tables: TableRef[]): TableOutcome {
  tables.push(chain.table);
  const effectsBefore = walk.effects.length;
  const result = traverseChain(chain, walk.p, host, walk.hits, walk.effects);
  for (let i = effectsBefore; i < walk.effects.length; i++) applyEffect(walk.p, walk.effects[i]!);
  return result;
}

function finish(walk: Walk, verdict: PathVerdict, extra?: { reason?: string; undeterminedAt?: RuleHit }): PathResult {
  const { track } = walk;
  // The common end (no reason, no conntrack table: a TCP first packet that arrives or leaves), built directly.
  if (track === null && extra === undefined) {
    return { verdict, hits: walk.hits, hooks: walk.hooks, effects: walk.effects, packet: { ...walk.p } };
  }
  if (track !== null && (verdict === 'local' || verdict === 'sent')) {
    // __nf_conntrack_confirm at POSTROUTING or INPUT: the new entry enters the table (a dropped packet's does not).
    const clash = confirmPacket(track, walk.p);
    if (clash?.kind === 'undetermined') return finish({ ...walk, track: null }, 'undetermined', clash);
  }
  // A snapshot: the entry itself changes as later packets pass (status, mark).
  const seen = track?.seen;
  const conntrack = seen ? { conntrack: { ...seen, entry: seen.entry ? { ...seen.entry } : null } } : {};
  return {
    verdict,
    ...(extra ?? {}),
    hits: walk.hits,
    hooks: walk.hooks,
    effects: walk.effects,
    packet: { ...walk.p },
    ...conntrack,
  };
}

function stopped(walk: Walk, outcome: TableOutcome): PathResult | null {
  if (outcome.kind === 'drop') return finish(walk, 'dropped', { reason: outcome.reason });
  if (outcome.kind === 'undetermined')
    return finish(walk, 'undetermined', { reason: outcome.reason, undeterminedAt: outcome.at });
  return null;
}

/** `p`: the walk's own copy of the packet, which the walk changes as rules and hooks act on it. */
function newWalk(p: WorkingPacket, table: ConntrackTable | null): Walk {
  // A first packet has no conntrack entry until conntrack's hook; its ctstate is what that hook will give it. With a
  // table, every packet (later ones and replies too) has none until the hook, which looks it up.
  const fresh = (p.firstPacket || table !== null) && p.ctstate !== 'UNTRACKED';
  const pending = p.ctstate;
  if (fresh) p.ctstate = 'INVALID';
  return {
    p,
    hits: [],
    hooks: [],
    effects: [],
    natDone: { dst: false, src: false },
    ctPending: fresh ? pending : null,
    track: table === null ? null : newTrackState(table),
  };
}

/**
 * A packet sent by a local socket: OUTPUT, re-routing, POSTROUTING, and if routed to lo, back in as local input.
 * With `table`, conntrack looks the packet up there and confirms its new entry into it (replies and later packets).
 */
export function localOutput(host: NetHost, packet: Packet, table: ConntrackTable | null = null): PathResult {
  const walk = newWalk({ ...packet, inIface: null }, table);
  const { p } = walk;
  const oif = host.routeOut(p.dst, p.mark);
  if (oif === null) return finish(walk, 'dropped', { reason: `connect(): no route to ${formatAddr(p.dst)}` });
  // ip_route_output_key refuses a loopback source towards a non-local destination (route_localnet=0): EINVAL.
  if (isLoopback(p.src) && oif !== 'lo') {
    return finish(walk, 'dropped', {
      reason: 'connect() fails with EINVAL: a loopback source cannot leave the pod (route_localnet=0)',
    });
  }
  p.outIface = oif;
  const dstBefore = p.dst;
  const markBefore = p.mark;
  const out = runHook(host, walk, 'OUTPUT', (type, table) => {
    // Route chains (iptable_mangle's OUTPUT, ipt_mangle_out; nft_chain_route) and nf_nat (nf_nat_ipv4_local_fn)
    // re-route (ip_route_me_harder) when they changed the destination or the mark.
    if ((type === 'route' || type === 'nat') && (p.dst !== dstBefore || p.mark !== markBefore)) {
      const rerouted = host.routeOut(p.dst, p.mark);
      // ip_route_me_harder keeps the packet's source; for IPv4 the output route refuses a loopback source on a
      // non-loopback device (net/ipv4/route.c, ip_route_output_key_hash_rcu), the hook drops the packet and the
      // connection times out. ip6_route_me_harder has no such check.
      if (rerouted !== null && rerouted !== 'lo' && p.family === 'ipv4' && isLoopback(p.src)) {
        return {
          kind: 'drop',
          reason: `re-routing after ${table} OUTPUT refuses the loopback source ${formatAddr(p.src)} on ${rerouted}`,
        };
      }
      if (rerouted !== null) p.outIface = rerouted;
    }
    return null;
  });
  const stop = stopped(walk, out);
  if (stop) return stop;
  const post = runHook(host, walk, 'POSTROUTING');
  const stopPost = stopped(walk, post);
  if (stopPost) return stopPost;
  if (p.outIface !== 'lo') return finish(walk, 'sent');
  // loopback_xmit orphans the skb: from here on the packet has no socket, and it arrives on lo.
  p.inIface = 'lo';
  p.outIface = null;
  p.owner = null;
  return localInput(host, walk);
}

/** A packet arriving on one of the host's interfaces from outside. */
export function remoteInput(host: NetHost, packet: Packet, table: ConntrackTable | null = null): PathResult {
  const walk = newWalk({ ...packet, outIface: null, owner: null }, table);
  if (isLoopback(walk.p.src) || isLoopback(walk.p.dst)) {
    return finish(walk, 'dropped', { reason: 'martian packet: loopback address on a non-loopback interface' });
  }
  return localInput(host, walk);
}

function localInput(host: NetHost, walk: Walk): PathResult {
  const { p } = walk;
  const pre = runHook(host, walk, 'PREROUTING');
  const stop = stopped(walk, pre);
  if (stop) return stop;
  const tproxied = walk.effects.some((e) => e.kind === 'tproxy');
  if (!tproxied) {
    if (p.inIface !== 'lo' && isLoopback(p.dst)) {
      return finish(walk, 'dropped', {
        reason: 'martian destination: loopback address arriving on a non-loopback interface',
      });
    }
    // Local delivery: a local address, or a route to lo (TPROXY's `ip rule fwmark ... lookup` with `local default`).
    if (!host.isLocal(p.dst) && host.routeOut(p.dst, p.mark) !== 'lo') {
      return finish(walk, 'dropped', {
        reason: `not addressed to the pod and the pod does not forward (to ${formatAddr(p.dst)})`,
      });
    }
  }
  const input = runHook(host, walk, 'INPUT');
  const stopIn = stopped(walk, input);
  if (stopIn) return stopIn;
  return finish(walk, 'local');
}
