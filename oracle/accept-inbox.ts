// Accept reports from every listener actor, matched to hops by the peer's address and port: the client's own socket
// address, which REDIRECT does not change (it rewrites the destination only).
import type { AcceptEvent } from './actors.ts';

/** How long a connected hop may wait for its listener's accept report. */
const ACCEPT_WAIT_MS = 2000;

export class AcceptInbox {
  private readonly buffered = new Map<string, AcceptEvent[]>();
  private readonly waiters = new Map<string, (e: AcceptEvent) => void>();

  /** Called by the actors for every accepted connection. */
  deliver(e: AcceptEvent): void {
    const key = `${e.peerAddr}:${e.peerPort}`;
    const waiter = this.waiters.get(key);
    if (waiter) {
      this.waiters.delete(key);
      waiter(e);
    } else this.buffered.set(key, [...(this.buffered.get(key) ?? []), e]);
  }

  /** The accept report for a connection from addr:port, or undefined when none arrives in time. */
  take(addr: string, port: number): Promise<AcceptEvent | undefined> {
    const key = `${addr}:${port}`;
    const early = this.buffered.get(key);
    if (early && early.length > 0) {
      const e = early.shift();
      if (early.length === 0) this.buffered.delete(key);
      return Promise.resolve(e);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(undefined);
      }, ACCEPT_WAIT_MS);
      this.waiters.set(key, (e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
  }
}
