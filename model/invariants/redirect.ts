// Whether a connection's first hop was taken to Envoy: the reading several invariants share.
import { addrEquals } from '../net/index.ts';
import { endpointText, type Hop, type Trace } from '../trace/index.ts';
import type { CheckResult } from './types.ts';

/** Where a hop ended, in one word: the listener's role, or the landing's kind. */
export function lands(h: Hop): string {
  return h.landed.kind === 'listener' ? h.landed.role : h.landed.kind;
}

/** The first hop is not NATed to another destination and not handed to a capture listener. */
export function notRedirected(trace: Trace): CheckResult {
  const first = trace.hops[0]!;
  if (first.landed.kind === 'undetermined') return { ok: 'undetermined', why: first.landed.reason };
  const moved = first.dstAfterNat.port !== first.dst.port || !addrEquals(first.dstAfterNat.addr, first.dst.addr);
  const captured =
    first.landed.kind === 'listener' &&
    (first.landed.role === 'inbound-capture' || first.landed.role === 'outbound-capture') &&
    first.landed.listenerPort !== first.dst.port;
  if (!moved && !captured) return { ok: true };
  return {
    ok: false,
    why: `hop 1 is redirected to ${endpointText(first.dstAfterNat)} (${lands(first)})`,
  };
}
