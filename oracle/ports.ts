// Source ports, one per connection per session. The kernel's own ephemeral choice may reuse a port for a different
// destination; if both connections are REDIRECTed to the same listener (say 15001) while the first one's conntrack
// entry is still in TIME_WAIT (120 s), the second's reply tuple clashes and its SYN is dropped at confirm time
// (nf_conntrack_core.c, __nf_conntrack_confirm). A session-wide counter makes every tuple unique instead, and makes the
// pod's conntrack entry of a hop findable by source port alone.

export const SOURCE_PORT_FIRST = 30000;
export const SOURCE_PORT_LAST = 59999;

export class SourcePorts {
  private next = SOURCE_PORT_FIRST;

  /** The next unused port; `wrapped` tells the caller to flush conntrack before using it. */
  take(): { port: number; wrapped: boolean } {
    const wrapped = this.next > SOURCE_PORT_LAST;
    if (wrapped) this.next = SOURCE_PORT_FIRST;
    const port = this.next;
    this.next += 1;
    return { port, wrapped };
  }
}
