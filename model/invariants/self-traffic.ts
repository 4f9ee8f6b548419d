// The pod calling its own IP over lo, by identity: what ISTIO_OUTPUT's loopback rules intend for each owner. In
// capture/run.go (istio/istio 86c9f01, Run) each proxy uid gets, in order,
//   -o lo ! -d 127.0.0.1/32 -p tcp ! --dport <tunnel> -m owner --uid-owner U -j ISTIO_IN_REDIRECT
//     "Redirect app calls back to itself via Envoy when using the service VIP, e.g. appN => Envoy (client) =>
//     Envoy (server) => appN"
//   -o lo -m owner ! --uid-owner U -j RETURN
//     "Do not redirect app calls to back itself via Envoy when using the endpoint address, e.g. appN => appN by lo"
// and only then the same pair for each proxy gid. So Envoy's own connection to the pod IP goes through the inbound
// listener 15006, and any process whose uid is not the proxy's reaches the pod IP directly, whatever its gid.
// In TPROXY mode (capture/run.go, the InboundInterceptionMode == "TPROXY" block) mangle OUTPUT also marks 1338 a
// proxy uid's or gid's connection over lo to an address other than 127.0.0.1 ("mark outgoing packets from envoy to
// workload by pod ip"), and ISTIO_INBOUND returns lo traffic only when it lacks that mark; so a process with a proxy
// gid and another uid, which nat's uid RETURN lets through, is captured by TPROXY on its inbound-captured port.
// These rules are written whatever -i, -b and -q say, so the invariants apply wherever the rules capture anything.
import { isLoopback } from '../net/index.ts';
import { isProxyUid, PORTS } from '../pod/index.ts';
import { describeDisposition, endpointText, type Hop, mainChain, type Trace } from '../trace/index.ts';
import { capturedInbound, toPodIp } from './scope.ts';
import type { CheckResult, InvariantContext, InvariantSpec } from './types.ts';

const OK: CheckResult = { ok: true };

const lands = (h: Hop): string => (h.landed.kind === 'listener' ? h.landed.role : h.landed.kind);

function settled(trace: Trace): CheckResult | null {
  const d = trace.disposition;
  if (d.kind === 'loop') return { ok: false, why: describeDisposition(d) };
  if (d.kind === 'undetermined') return { ok: 'undetermined', why: describeDisposition(d) };
  return null;
}

/** -b '': ISTIO_INBOUND has no TPROXY rule, so nothing marked is captured. */
function inboundOffReason(ctx: InvariantContext): string | null {
  return ctx.intent.inboundCapture ? null : "the configuration captures no inbound traffic (-b '')";
}

function capturesAnything({ intent }: InvariantContext): string | null {
  return intent.inboundCapture || intent.outboundCapture ? null : 'the rules capture nothing';
}

/** Istio minor version of the pod's behaviour ("1.4" -> 4); an unparsable version reads as the newest. */
function minorOf(ctx: InvariantContext): number {
  const m = /^1\.(\d+)/.exec(ctx.world.pod.envoy.version);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

/**
 * With DNS capture on, the uid rules above carve out port 53 (`! --dports 53,<tunnel>`, `! --dport 53`) so queries to
 * a DNS server on the pod go on to the DNS rules: port 53 is the DNS invariants' then.
 */
const dnsPort = (port: number, ctx: InvariantContext): boolean => ctx.intent.dnsCapture && port === 53;

/**
 * -i listing a CIDR whose address is loopback drops the lo RETURN rules (capture/run.go: "If loopback explicitly set
 * via OutboundIPRangesInclude, then don't return"; HasLoopBackIP in tools/common/config/config.go). Istio drops them
 * in both families when either has one; the intent holds one family's CIDRs, so only that family's are seen here.
 */
function loopbackIncluded(ctx: InvariantContext): boolean {
  const cidrs = ctx.intent.outboundCidrs;
  return cidrs !== 'all' && cidrs.some((c) => isLoopback(c.addr));
}

/** TPROXY mode: the pod routes marked packets to lo (istio-iptables' `ip rule add fwmark <-t>`). */
const tproxy = (ctx: InvariantContext): boolean => ctx.world.pod.localRouteMark !== null;

/** The connection lands on the inbound listener at `port` (15006: nat's REDIRECT; the original port: TPROXY), then the application. */
function inboundThenApp(trace: Trace, port: number, how: string): CheckResult {
  const early = settled(trace);
  if (early) return early;
  const chain = mainChain(trace);
  const first = chain[0]!;
  const story = chain.map(lands);
  if (
    story.length === 2 &&
    story[1] === 'app' &&
    first.landed.kind === 'listener' &&
    first.landed.role === 'inbound-capture' &&
    first.landed.local.port === port
  )
    return OK;
  const at = first.landed.kind === 'listener' ? ` (hop 1 at :${first.landed.local.port})` : '';
  return { ok: false, why: `the connection goes ${story.join(' -> ')}${at} instead of ${how} -> app` };
}

/** A pod process's TCP connection to the pod's own IP with a kernel-chosen source, so over lo. */
const selfCall = (c: Parameters<InvariantSpec['inScope']>[0], ctx: InvariantContext): boolean =>
  c.from.kind === 'pod' &&
  c.protocol === 'tcp' &&
  c.src === undefined &&
  toPodIp(c, ctx.world) &&
  !dnsPort(c.dst.port, ctx);

export const SELF_TRAFFIC_INVARIANTS = {
  'proxy-self-inbound': {
    statement:
      "Envoy's own connection to the pod's IP on an application port is redirected by nat to the inbound listener 15006 (ISTIO_OUTPUT's proxy-uid jump to ISTIO_IN_REDIRECT) and then reaches the application, as Envoy's outbound side calling its own pod's endpoint does.",
    scope:
      "TCP connections from a process with Envoy's uid (the first proxy uid), any gid, to the pod's own IP on the application's ports other than the tunnel port, with a kernel-chosen source (so over lo)",
    notApplicable: capturesAnything,
    inScope: (c, ctx) =>
      selfCall(c, ctx) &&
      c.from.kind === 'pod' &&
      c.from.uid === ctx.world.pod.proxy.uid &&
      ctx.world.pod.app.ports.includes(c.dst.port) &&
      c.dst.port !== ctx.intent.tunnelPort,
    check: (trace) => inboundThenApp(trace, PORTS.inbound, 'a nat redirect to 15006'),
  },
  'tproxy-gid-self-inbound': {
    statement:
      'In TPROXY mode, a process with a proxy gid but another uid, calling the pod IP on an inbound-captured application port, is marked 1338 by mangle OUTPUT and captured by TPROXY into the inbound listener, then reaches the application.',
    scope:
      "TCP connections from a pod process with no proxy uid but a proxy gid to the pod's own IP on the application's inbound-captured ports, with a kernel-chosen source, on a pod in TPROXY mode",
    notApplicable: (ctx) =>
      !tproxy(ctx)
        ? 'the pod is not in TPROXY mode (no mark routed to lo), so no mangle rule marks self calls'
        : (inboundOffReason(ctx) ?? capturesAnything(ctx)),
    inScope: (c, ctx) =>
      selfCall(c, ctx) &&
      c.from.kind === 'pod' &&
      !isProxyUid(ctx.world.pod, c.from.uid) &&
      ctx.world.pod.proxyIds.gids.includes(c.from.gid) &&
      ctx.world.pod.app.ports.includes(c.dst.port) &&
      capturedInbound(c.dst.port, ctx),
    check: (trace, c) => inboundThenApp(trace, c.dst.port, 'TPROXY into the inbound listener'),
  },
  'uid-self-bypass': {
    statement:
      "A process whose uid is not a proxy uid, calling its own pod IP, reaches it directly even when its gid is a proxy gid: ISTIO_OUTPUT's lo RETURN tests the uid before any gid rule (since Istio 1.5).",
    scope:
      "TCP connections from a pod process with no proxy uid but a proxy gid to the pod's own IP, with a kernel-chosen source (the application's identity is app-self-bypass's)",
    notApplicable: (ctx) =>
      minorOf(ctx) < 5
        ? `Istio ${ctx.world.pod.envoy.version} sends every loopback call to the pod IP through Envoy by design; the uid-scoped rules came in 1.5 (istio/istio b48ff15218b, #19308)`
        : loopbackIncluded(ctx)
          ? 'the configuration includes a loopback CIDR in -i, so istio-iptables writes no lo RETURN rule'
          : tproxy(ctx)
            ? "in TPROXY mode mangle OUTPUT marks a proxy gid's self call 1338 and TPROXY captures it (tproxy-gid-self-inbound)"
            : capturesAnything(ctx),
    inScope: (c, ctx) =>
      selfCall(c, ctx) &&
      c.from.kind === 'pod' &&
      !isProxyUid(ctx.world.pod, c.from.uid) &&
      ctx.world.pod.proxyIds.gids.includes(c.from.gid),
    check: (trace) => {
      const early = settled(trace);
      if (early) return early;
      const first = trace.hops[0]!;
      // Moved by NAT, or handed to a capture listener other than the one it called (TPROXY keeps the destination).
      const redirected =
        first.dstAfterNat.port !== first.dst.port ||
        (first.landed.kind === 'listener' &&
          (first.landed.role === 'inbound-capture' || first.landed.role === 'outbound-capture') &&
          first.landed.listenerPort !== first.dst.port);
      if (!redirected) return OK;
      return { ok: false, why: `hop 1 is redirected to ${endpointText(first.dstAfterNat)} (${lands(first)})` };
    },
  },
} satisfies Record<string, InvariantSpec>;
