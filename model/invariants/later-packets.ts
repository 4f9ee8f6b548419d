// The packets after the first: the domain run walks each connection's first packet (and a DNS query's answer), but
// every later packet of a connection walks the raw, mangle and filter chains again, with its conntrack state
// ESTABLISHED, or INVALID when conntrack rejects it (out of window, a reply that matches no entry), or RELATED (an
// ICMP error about it). nat is consulted for the first packet only (Linux net/netfilter/nf_nat_core.c
// nf_nat_inet_fn: later packets take the binding the first one made). Rules such as drop-invalid's
// `-m conntrack --ctstate INVALID -j ISTIO_DROP` are reached by those later packets: the dead-rule lint must not
// call them dead.
import { CONTINUING_TARGETS, type CompiledChain, type Packet } from '../kernel/index.ts';
import type { CtState } from '../rules/index.ts';
import { decides, matchesAll, observeEntry, type Reachability } from './dead-rules.ts';

/** The states a later packet of a connection can carry (nf_conntrack_in; ctinfo of an established or failed entry). */
const LATER_STATES: readonly CtState[] = ['ESTABLISHED', 'RELATED', 'INVALID'];
const MAX_DEPTH = 16;

function walk(reach: Reachability, chain: CompiledChain, p: Packet, depth: number): void {
  observeEntry(reach, chain, p);
  for (const rule of chain.rules) {
    if (!matchesAll(rule, p)) continue;
    reach.hits.add(rule.hit);
    const kind = rule.target.kind;
    if (kind === 'jump') {
      if (rule.targetChain && depth < MAX_DEPTH) walk(reach, rule.targetChain, p, depth + 1);
      if (decides(rule, p)) return;
      continue;
    }
    if (CONTINUING_TARGETS.has(kind)) continue;
    // RETURN, a verdict, or a target the model cannot evaluate: the later packet leaves this chain here.
    return;
  }
}

/**
 * Walks, from every chain entry the domain run saw outside the nat table, the later packets of that connection (the
 * same addresses, ports and owner, each later state), adding the rules they hit and the chains they enter.
 */
export function walkLaterPackets(reach: Reachability): void {
  const firsts = [...reach.entries].flatMap(([chain, seen]) =>
    chain.table.name === 'nat' ? [] : seen.packets.filter((p) => p.firstPacket).map((p) => ({ chain, p })),
  );
  for (const { chain, p } of firsts) {
    for (const ctstate of LATER_STATES) walk(reach, chain, { ...p, ctstate, firstPacket: false }, 0);
  }
}
