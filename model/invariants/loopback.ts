// The loopback-cidr invariant: what istio-iptables keeps out of capture on the loopback interface
// (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c):
// - `-o lo -s 127.0.0.6/32 -j RETURN` (::6/128): Envoy's inbound passthrough cluster binds 127.0.0.6 to reach the
//   application on the pod's address ("127.0.0.6/::6 is bind connect from inbound passthrough cluster");
// - the loopback CIDR (127.0.0.1/32, ::1/128; ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR from 1.21, e04959458a2, #48045) is
//   negated in the proxy's `-o lo ... -j ISTIO_IN_REDIRECT` rules and returned by `-d CIDR -j RETURN` for everyone
//   ("Skip redirection for Envoy-aware applications and container-to-container traffic both of which explicitly use
//   localhost");
// - from 1.5 (b48ff15218b, #19308) `-o lo -m owner ! --uid-owner U -j RETURN` keeps every other process's loopback
//   traffic (any 127/8 address) out of capture, unless -i names a loopback CIDR (1dee4e99ada, #24143, 1.7: then the
//   user asks for it). In 1.4 the lo rule redirects every uid's traffic to loopback addresses other than 127.0.0.1,
//   by design, so there only the CIDR is promised.
import { cidrEdges } from '../kinds/index.ts';
import { addrEquals, cidrContains, type Family, isLoopback, parseAddr } from '../net/index.ts';
import { type Connection, isPodAddr, type World } from '../pod/index.ts';
import { describeDisposition } from '../trace/index.ts';
import { notRedirected } from './redirect.ts';
import { isAppIdentity, isProxyIdentity } from './scope.ts';
import type { InvariantContext, InvariantSpec } from './types.ts';

const DNS = 53;
const PASSTHROUGH_SOURCE: Readonly<Record<Family, ReturnType<typeof parseAddr>>> = {
  ipv4: parseAddr('127.0.0.6'),
  ipv6: parseAddr('::6'),
};
/** Loopback addresses outside 127.0.0.1/32 that applications use (a second local listener, 127.0.0.53's resolver). */
const OTHER_LOOPBACK = ['127.0.0.2', '127.0.0.53', '127.255.255.254'].map(parseAddr);

/** Istio minor version of the pod's behaviour ("1.4" -> 4); an unparsable version reads as the newest. */
function minorOf(world: World): number {
  const m = /^1\.(\d+)/.exec(world.pod.envoy.version);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

/** Whether the promise covers the application's traffic to every loopback address, not only the CIDR. */
function appLoopbackPromised(ctx: InvariantContext): boolean {
  const cidrs = ctx.intent.outboundCidrs;
  const loopbackIncluded = cidrs !== 'all' && cidrs.some((x) => isLoopback(x.addr));
  return minorOf(ctx.world) >= 5 && !loopbackIncluded;
}

function inScope(c: Connection, ctx: InvariantContext): boolean {
  if (c.from.kind !== 'pod' || c.protocol !== 'tcp') return false;
  // DNS capture takes TCP port 53 on lo on purpose (the `! --dport 53` carve-out of the lo RETURN).
  if (ctx.intent.dnsCapture && c.dst.port === DNS) return false;
  if (c.src !== undefined) {
    return (
      addrEquals(c.src, PASSTHROUGH_SOURCE[ctx.family]) &&
      isProxyIdentity(c, ctx.world) &&
      isPodAddr(ctx.world.pod, c.dst.addr)
    );
  }
  if (cidrContains(ctx.intent.loopbackCidr, c.dst.addr)) return true;
  return isLoopback(c.dst.addr) && isAppIdentity(c, ctx.world) && appLoopbackPromised(ctx);
}

export const LOOPBACK_INVARIANTS = {
  'loopback-cidr': {
    statement:
      "No connection inside the pod to its loopback CIDR (127.0.0.1/32 and ::1, or ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR), no application's connection to any loopback address (from Istio 1.5, unless -i includes loopback), and no connection of Envoy's inbound passthrough from 127.0.0.6 (::6) to the pod's addresses is redirected.",
    scope:
      'TCP connections from every identity in the pod to the loopback CIDR, from application identities to every loopback address, and from the proxy identity bound to 127.0.0.6 (::6) to the pod IP',
    notApplicable: ({ intent }) =>
      intent.inboundCapture || intent.outboundCapture ? null : 'the rules capture nothing',
    inScope,
    check: (trace) => {
      const d = trace.disposition;
      if (d.kind === 'loop') return { ok: false, why: describeDisposition(d) };
      return notRedirected(trace);
    },
  },
} satisfies Record<string, InvariantSpec>;

/**
 * The connections of the scope that the rules under test may not split into classes of their own: the CIDR's edges
 * and other loopback addresses from the application and the proxy, and the passthrough source to the pod's addresses.
 */
export function loopbackConnections(world: World, family: Family, ctx: InvariantContext): Connection[] {
  const { pod } = world;
  const ports = [...new Set([80, ...pod.app.ports])];
  const dsts = [...cidrEdges(ctx.intent.loopbackCidr), ...(family === 'ipv4' ? OTHER_LOOPBACK : [])];
  const app = { kind: 'pod', actor: 'app', uid: pod.app.uid, gid: pod.app.gid } as const;
  const envoy = { kind: 'pod', actor: 'envoy', uid: pod.proxy.uid, gid: pod.proxy.gid } as const;
  const out: Connection[] = [];
  for (const port of ports) {
    for (const addr of dsts) for (const from of [app, envoy]) out.push({ from, protocol: 'tcp', dst: { addr, port } });
    for (const addr of pod.addresses.filter((a) => a.family === family))
      out.push({ from: envoy, protocol: 'tcp', dst: { addr, port }, src: PASSTHROUGH_SOURCE[family] });
  }
  return out;
}
