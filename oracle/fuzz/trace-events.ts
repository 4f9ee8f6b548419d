// What the kernel's trace says, reduced to what the fuzzer compares: the rules a connection's first packet (its SYN)
// met, in order, and sync markers that tell the harness every earlier event has arrived. Both backends' readers
// (trace-nft.ts, trace-legacy.ts) produce these.

export interface TraceHit {
  readonly table: string;
  readonly chain: string;
  /** 1-based rule position; for 'policy' and 'return' the chain's rule count + 1, as the model numbers them. */
  readonly index: number;
  readonly kind: 'rule' | 'policy' | 'return';
}

export type TraceEvent =
  | { readonly kind: 'hit'; readonly hit: TraceHit }
  | { readonly kind: 'sync'; readonly n: number };

/** A source of trace events for one namespace. */
export interface TraceReader {
  /** Resolves once the reader is listening (events from now on are seen). */
  start(): Promise<void>;
  /** Re-learns rule positions after a (re)load of the ruleset (saveText: iptables-save's output after the load). */
  prepare(saveText: string): Promise<void>;
  /** Every event since the last drain, in the kernel's order. */
  drain(): TraceEvent[];
  /** Gives back events drained but not consumed (they came after a sync marker): the next drain returns them first. */
  unshift(events: readonly TraceEvent[]): void;
  /** Resolves when an event arrives (or after ms). */
  wait(ms: number): Promise<void>;
}

export function hitText(h: TraceHit): string {
  if (h.kind === 'policy') return `${h.table}:${h.chain}:policy`;
  if (h.kind === 'return') return `${h.table}:${h.chain}:return`;
  return `${h.table}:${h.chain}#${h.index}`;
}
