// The types a table traversal works with: the packet being walked, NAT effects, outcomes, and the host around it.
import type { NatHost } from '../kinds/index.ts';
import type { CompiledChain } from './compile.ts';
import type { Packet, RuleHit } from './packet.ts';

/**
 * The packet while it is being traversed: MARK and CONNMARK change it in place (later rules see the new mark); a NAT
 * or TPROXY verdict ends the table and is returned as an effect, which the caller applies (applyEffect).
 */
export type { NatEffect, WorkingPacket } from '../kinds/index.ts';

export type TableOutcome =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly reason: string }
  /** `at` is the rule that could not be decided; absent when no single rule is to blame. */
  | { readonly kind: 'undetermined'; readonly at?: RuleHit; readonly reason: string };

/** Called whenever a traversal enters a chain, with the packet as it is there (for reachability analysis). */
export type ChainObserver = (chain: CompiledChain, packet: Packet) => void;

/** What the traversal needs to know about the host (the pod) around the rules: what NAT and TPROXY need, and more. */
export interface HostView extends NatHost {
  /** Optional; the hot path pays one undefined check for it. */
  readonly observer?: ChainObserver;
}

export const ACCEPT: TableOutcome = { kind: 'accept' };
