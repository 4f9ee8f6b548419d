// What the oracle takes and what it reports. Hits are `{table, chain, index, rule}` like the model's rule hits, where
// index is the 1-based position in the chain as loaded and rule is that rule's `-A ...` line from iptables-save, so a
// caller can match rules by text after editing a ruleset (oracle/OBSERVATIONS.md, "Rule numbers shift after edits").

import type { Family } from '../model/net/index.ts';

/** iptables-nft, iptables-legacy, or native nftables rules loaded with `nft -f` (Istio's `nativeNftables`). */
export type Backend = 'nft' | 'legacy' | 'native-nft';
export type IptablesBackend = Exclude<Backend, 'native-nft'>;

export type Where = 'pod' | 'remote';

export interface ListenerSpec {
  readonly name: string;
  readonly where: Where;
  readonly uid: number;
  readonly gid: number;
  readonly addr: string;
  readonly port: number;
  /**
   * Envoy stand-in: re-dial the original destination of every accepted connection, as this listener's uid/gid, up to
   * forwardingOutbound.maxDepth (default 4) times.
   */
  readonly forwarding?: boolean;
}

export type OracleActor =
  | { readonly where: 'pod'; readonly uid: number; readonly gid: number; readonly groups?: readonly number[] }
  | { readonly where: 'remote' };

export interface OracleHop {
  readonly id: string;
  readonly actor: OracleActor;
  /** Address to bind before connecting (e.g. 127.0.0.6); the kernel chooses when absent. */
  readonly src?: string;
  /** Source port; by default a port not yet used in this session (see oracle/ports.ts). */
  readonly sport?: number;
  readonly dst: string;
  readonly dport: number;
  /** Connect timeout, default 2000 ms. */
  readonly timeoutMs?: number;
}

export interface OracleHit {
  readonly table: string;
  readonly chain: string;
  readonly index: number;
  readonly rule: string;
}

export type ObservedOutcome =
  | {
      readonly kind: 'accepted';
      readonly listener: string;
      readonly localAddr: string;
      readonly localPort: number;
      /**
       * From the pod's conntrack entry (what SO_ORIGINAL_DST returns); undefined when accepted in the remote namespace
       * (no NAT there, so no conntrack entry: "not redirected").
       */
      readonly origDst?: string;
      readonly origDport?: number;
      /**
       * The pod's conntrack held no connection of this family at all: no table of the family asks for conntrack
       * (it is hooked per namespace and family on demand, net/netfilter/nf_conntrack_proto.c nf_ct_netns_get), so
       * nothing can have rewritten the destination, and SO_ORIGINAL_DST would fail: the local address is where the
       * connection was going.
       */
      readonly untracked?: true;
    }
  | { readonly kind: 'refused' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'timeout' };

export interface ObservedHop {
  readonly id: string;
  /** Rules whose counters rose during this hop, sorted by table, chain, index. */
  readonly hits: readonly OracleHit[];
  readonly outcome: ObservedOutcome;
  /** The socket's own address and port as the client saw them (before any NAT). */
  readonly source?: { readonly addr: string; readonly port: number };
  /** Re-dials by the forwarding stand-in, in order (flattened: the n-th entry was opened by the (n-1)-th). */
  readonly followOn?: readonly ObservedHop[];
  /** Set on a hop accepted by a forwarding listener that did not re-dial. */
  readonly forwardStop?: 'depth-limit' | 'no-original-destination';
}

export interface OracleOptions {
  readonly backend: Backend;
  /** iptables-save / iptables-restore text for the pod namespace; an `nft -f` script for native-nft. */
  readonly rules: string;
  /** Group names nft resolves when it loads native rules (`skgid java`); default OWNER_GROUPS (topology.ts). */
  readonly groups?: Readonly<Record<string, number>>;
  /** Default: DEFAULT_LISTENERS (oracle/topology.ts). */
  readonly listeners?: readonly ListenerSpec[];
  /**
   * The family the session replays (default IPv4). An IPv6 session has dual-stack namespaces (createFuzzPair's
   * addresses, oracle/fuzz/topology.ts, and ::6 on the pod's lo); for an iptables backend `rules` is ip6tables-restore
   * text, its ip6 counters are read, and `ipv4Rules` (if any) is loaded beside it with iptables-restore, unobserved.
   */
  readonly family?: Family;
  readonly ipv4Rules?: string;
  /** Turn the pod listener on port 15001 into a forwarding Envoy stand-in that stops after maxDepth re-dials. */
  readonly forwardingOutbound?: { readonly maxDepth: number };
}

export interface Oracle {
  replay(hops: readonly OracleHop[]): Promise<ObservedHop[]>;
  /** Replaces the whole pod ruleset and flushes the pod's conntrack table. */
  reload(rules: string): Promise<void>;
  readonly kernelVersion: string;
  /** The namespaces of this session, for diagnostics. */
  readonly namespaces: { readonly pod: string; readonly remote: string };
}
