// The types a table traversal works with: the packet being walked, NAT effects, outcomes, and the host around it.
import type { Addr } from '../net/index.ts';
import type { CompiledChain } from './compile.ts';
import type { Packet, RuleHit } from './packet.ts';

/**
 * The packet while it is being traversed: MARK and CONNMARK change it in place (later rules see the new mark); a NAT
 * or TPROXY verdict ends the table and is returned as an effect, which the caller applies (applyEffect).
 */
export type { WorkingPacket } from '../kinds/index.ts';

export type NatEffect =
  | { readonly kind: 'dnat'; readonly target: 'REDIRECT' | 'DNAT'; readonly toAddr: Addr; readonly toPort: number }
  | { readonly kind: 'snat'; readonly target: 'SNAT' | 'MASQUERADE'; readonly toAddr: Addr; readonly toPort: number }
  | {
      readonly kind: 'tproxy';
      readonly localAddr: Addr;
      readonly port: number;
      readonly mark?: { readonly value: number; readonly mask: number };
    };

export type TableOutcome =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly reason: string }
  /** `at` is the rule that could not be decided; absent when no single rule is to blame. */
  | { readonly kind: 'undetermined'; readonly at?: RuleHit; readonly reason: string };

/** Called whenever a traversal enters a chain, with the packet as it is there (for reachability analysis). */
export type ChainObserver = (chain: CompiledChain, packet: Packet) => void;

/** What the traversal needs to know about the host (the pod) around the rules. */
export interface HostView {
  /** The address REDIRECT uses in PREROUTING, and TPROXY's default local address: the interface's primary address. */
  primaryAddress(iface: string | null, family: Packet['family']): Addr | null;
  /**
   * The source MASQUERADE picks for a packet leaving on outIface toward dst (nf_nat_masquerade.c); null when the
   * interface has no usable address (the kernel drops), 'undetermined' when the host cannot tell.
   */
  masqueradeSource(outIface: string | null, dst: Addr): Addr | null | 'undetermined';
  /** Whether a transparent listener accepts a TPROXY'd packet on localAddr:port (nf_tproxy_get_sock_v4). */
  tproxyListener(localAddr: Addr, port: number, packet: Packet): boolean;
  /** Optional; the hot path pays one undefined check for it. */
  readonly observer?: ChainObserver;
}

export const ACCEPT: TableOutcome = { kind: 'accept' };
