// The types a table traversal works with: the packet being walked, NAT effects, outcomes, and the host around it.

import type { MatchResult, NatHost } from '../kinds/index.ts';
import type { CompiledChain, CompiledRule } from './compile.ts';
import type { Packet, RuleHit } from './packet.ts';
import type { RuleRun } from './runs.ts';

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

/**
 * Called whenever a traversal tests a rule, with the packet as it is there and the rule's result (for the packet-class
 * analysis, which turns each test into a constraint on the class).
 */
export type RuleObserver = (rule: CompiledRule, packet: Packet, result: MatchResult) => void;

/**
 * Called, when set, instead of onRule for the rules of a run of same-target rules (runs.ts) that a walk reaches at
 * its first rule: the run is tested once, `position` the 0-based position in `rules` (the chain's) of the rule that
 * matched first, or -1.
 */
export type RunObserver = (run: RuleRun, packet: Packet, position: number, rules: readonly CompiledRule[]) => void;

/** What the traversal needs to know about the host (the pod) around the rules: what NAT and TPROXY need, and more. */
export interface HostView extends NatHost {
  /** Optional; the hot path pays one undefined check for it. */
  readonly observer?: ChainObserver;
  /** Optional, like observer: when set, the interpreter runs and reports every rule test. */
  readonly onRule?: RuleObserver;
  /** Optional: when set with onRule, the interpreter tests a run of same-target rules as one (runs.ts). */
  readonly onRun?: RunObserver;
}

export const ACCEPT: TableOutcome = { kind: 'accept' };
