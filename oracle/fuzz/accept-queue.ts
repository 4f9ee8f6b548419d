// Accept reports for the fuzzer, taken in arrival order. The oracle's AcceptInbox matches a report by the peer's
// address, but a random ruleset may SNAT or MASQUERADE the connection (the listener then sees another peer), and the
// fuzzer dials one connection at a time: the report that arrives after a dial, with the queue emptied before it, is
// that dial's.
import type { AcceptEvent } from '../actors.ts';

/** How long a connected dial may wait for its listener's accept report. */
const ACCEPT_WAIT_MS = 2000;

export class AcceptQueue {
  private events: AcceptEvent[] = [];
  private waiter: ((e: AcceptEvent) => void) | undefined;

  deliver(e: AcceptEvent): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(e);
    } else this.events.push(e);
  }

  /** Forgets reports no dial took (called before each dial). */
  clear(): void {
    this.events = [];
  }

  next(): Promise<AcceptEvent | undefined> {
    const e = this.events.shift();
    if (e) return Promise.resolve(e);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, ACCEPT_WAIT_MS);
      this.waiter = (ev) => {
        clearTimeout(timer);
        resolve(ev);
      };
    });
  }
}
