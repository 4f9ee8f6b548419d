// A queue of trace events with a waiter, fed by a reader's line parser.
import type { TraceEvent } from './trace-events.ts';

export class EventQueue {
  private events: TraceEvent[] = [];
  private waiter: (() => void) | undefined;

  push(e: TraceEvent): void {
    this.events.push(e);
    this.waiter?.();
    this.waiter = undefined;
  }

  drain(): TraceEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  /** Puts events taken by drain() but not used back in front, in their order. */
  unshift(events: readonly TraceEvent[]): void {
    this.events = [...events, ...this.events];
  }

  wait(ms: number): Promise<void> {
    if (this.events.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve();
      }, ms);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
