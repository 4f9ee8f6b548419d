// A trace is data: a disposition plus ordered hops. The CLI, the docs, counterexamples and the kernel comparison all
// read this one structure. Addresses are values (model/net); model/trace/json.ts writes them as text on output.

import type { CtDirection, CtStatus, CtTuple, HookVisit, RuleHit } from '../kernel/index.ts';
import type { ActorId, Connection } from './connection.ts';
import type { Endpoint, SourceEndpoint } from './endpoint.ts';

export type { Endpoint, SourceEndpoint } from './endpoint.ts';

/** Who holds the socket that opened a hop. */
export interface HopActor {
  readonly id: ActorId;
  readonly label: string;
  readonly where: 'pod' | 'outside';
  /** The socket owner netfilter sees in OUTPUT; null for traffic arriving from outside. */
  readonly owner: { readonly uid: number; readonly gid: number; readonly groups?: readonly number[] } | null;
}

/** What a listening socket of the pod is for (model/pod/listeners.ts lists them per pod). */
export type ListenerRole =
  | 'outbound-capture'
  | 'inbound-capture'
  | 'prometheus'
  | 'health'
  | 'admin'
  | 'status'
  | 'tunnel'
  | 'dns'
  | 'dns-stub'
  | 'app';

/** The processes in the pod that own listening sockets. */
export type ListenerActorId = 'envoy' | 'pilot-agent' | 'app' | 'stub-resolver';

export type Landing =
  | {
      readonly kind: 'listener';
      /** The actor that owns the accepting socket. */
      readonly actor: ListenerActorId;
      readonly listener: string;
      readonly role: ListenerRole;
      /** The port the listening socket is bound to (differs from local.port only under TPROXY). */
      readonly listenerPort: number;
      readonly local: Endpoint;
      /** What SO_ORIGINAL_DST reports: the destination before NAT. */
      readonly originalDst: Endpoint;
    }
  | { readonly kind: 'left-pod'; readonly iface: string; readonly to: string; readonly dst: Endpoint }
  | { readonly kind: 'refused'; readonly dst: Endpoint; readonly reason: string }
  | { readonly kind: 'dropped'; readonly reason: string }
  | { readonly kind: 'undetermined'; readonly reason: string; readonly at: RuleHit | null };

export interface Hop {
  /** 1-based position in the trace. */
  readonly n: number;
  /** The hop whose receiver opened this one (0 for the first). */
  readonly parent: number;
  /**
   * How this hop relates to its parent: 'forward' continues the same story (Envoy proxying the parent's connection),
   * 'call' is a side request the parent's receiver makes while serving it.
   */
  readonly relation: 'start' | 'forward' | 'call';
  /** Why this hop exists: the behaviour of the receiver of the parent hop, in words. */
  readonly cause: string;
  readonly actor: HopActor;
  readonly protocol: 'tcp' | 'udp';
  readonly family: 'ipv4' | 'ipv6';
  /** Source and destination as the socket opened them, and after NAT. */
  readonly src: SourceEndpoint;
  readonly dst: Endpoint;
  readonly srcAfterNat: SourceEndpoint;
  readonly dstAfterNat: Endpoint;
  /** Every rule hit in order (all tables), including built-in policies and implicit returns. */
  readonly hits: readonly RuleHit[];
  readonly hooks: readonly HookVisit[];
  readonly landed: Landing;
  /**
   * The connection that made this hop, as its opener asked for it: initiator, protocol, destination before the
   * kernel resolves it (0.0.0.0 stays 0.0.0.0), the source it bound (if any), a fixed source port, the request.
   * With it a trace alone says how to open every hop again (the kernel oracle replays from it).
   */
  readonly connection: Connection;
  /** How conntrack saw the hop's first packet; only in traces that follow replies (UDP and DNS flows). */
  readonly conntrack?: HopConntrack;
  /** The answer to the hop's request and its walk back; only in traces that follow replies. */
  readonly reply?: HopReply;
}

/** How conntrack saw one packet (only in traces that follow replies: UDP and DNS flows). */
export interface HopConntrack {
  /** The zone the packet was looked up in (its CT template's, or 0). */
  readonly zone: number;
  /** Found as the entry's original or reply direction, 'new' (an entry was created), 'none' (no entry: INVALID). */
  readonly lookup: CtDirection | 'new' | 'none';
  readonly ctstate: string;
  /** The entry as it was after this packet (status, tuples); null when the packet has none. */
  readonly entry: {
    readonly id: number;
    readonly zone: number;
    readonly original: CtTuple;
    readonly reply: CtTuple;
    readonly status: CtStatus;
  } | null;
}

/** The answer to a hop's request (a DNS response): the receiver sends it back, and it walks the hooks too. */
export interface HopReply {
  /** Who answers (the listener's process, or the outside server). */
  readonly actor: HopActor;
  /** The reply as its sender's socket addressed it, and as the client's socket receives it after NAT reversal. */
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly srcAfterNat: Endpoint;
  readonly dstAfterNat: Endpoint;
  readonly hits: readonly RuleHit[];
  readonly hooks: readonly HookVisit[];
  readonly conntrack: HopConntrack | null;
  /**
   * 'answered': the client's socket (connected to the hop's destination) receives it; 'lost': it is dropped, or it
   * arrives from an address the client's connected socket does not accept (reason says which); 'undetermined'.
   */
  readonly outcome: 'answered' | 'lost' | 'undetermined';
  readonly reason: string;
}

export type Disposition =
  | { readonly kind: 'delivered'; readonly to: ListenerActorId; readonly listener: string; readonly port: number }
  | { readonly kind: 'left-pod'; readonly to: string; readonly dst: Endpoint }
  | { readonly kind: 'refused'; readonly dst: Endpoint }
  | { readonly kind: 'dropped'; readonly reason: string }
  | { readonly kind: 'loop'; readonly cycle: readonly number[]; readonly description: string }
  | { readonly kind: 'undetermined'; readonly reason: string; readonly at: RuleHit | null };

export interface Trace {
  readonly disposition: Disposition;
  readonly hops: readonly Hop[];
}
