// The DNS invariants: what istio-iptables' DNS capture (pilot-agent's proxy on 15053, conntrack zones 1 and 2 in the
// raw table) promises. They read the replies a DNS trace follows (model/pod/reply.ts). None of them says "holds" for
// rules that capture no DNS: without a REDIRECT to 15053 there is nothing they are about.
import { type Addr, addrEquals, cidrContains, formatCidr } from '../net/index.ts';
import { type Connection, PORTS } from '../pod/index.ts';
import { addrText, decidingRule, describeDisposition, endpointText, type Hop, type Trace } from '../trace/index.ts';
import { isOtherUdp, upstreamSeparation } from './dns-zones.ts';
import { isAppIdentity, isProxyIdentity } from './scope.ts';
import type { CheckResult, InvariantContext, InvariantSpec } from './types.ts';

const DNS = 53;
const NO_DNS_CAPTURE = 'the rules capture no DNS (no REDIRECT to 15053): there is no DNS capture to check';

function noCapture({ intent }: InvariantContext): string | null {
  return intent.dnsCapture ? null : NO_DNS_CAPTURE;
}

function servers({ world, family }: InvariantContext) {
  return world.pod.dnsServers.filter((a) => a.family === family);
}

/**
 * A DNS server the capture is about: one the configuration names (the pod's resolv.conf); without a configuration,
 * one the rules redirect to 15053 (any address under capture-all-dns).
 */
function isServer(addr: Addr, ctx: InvariantContext): boolean {
  const named = servers(ctx);
  if (named.length > 0) return named.some((a) => addrEquals(a, addr));
  const captured = ctx.intent.dnsCaptured;
  return captured === 'all' || captured.some((c) => cidrContains(c, addr));
}

function noServer(ctx: InvariantContext): string | null {
  return servers(ctx).length === 0 && ctx.intent.dnsCaptured !== 'all' && ctx.intent.dnsCaptured.length === 0
    ? `the rules capture DNS but neither the configuration nor the rules name a ${ctx.family} DNS server, so no query is captured (istio-iptables captures queries to the resolv.conf servers; without one, DNS capture does nothing)`
    : null;
}

/** -o 53 for both protocols: istio-iptables returns every query before its DNS redirects, so none is captured. */
function port53Excluded({ intent }: InvariantContext): string | null {
  return intent.dnsKeptOut.tcp.port && intent.dnsKeptOut.udp.port
    ? 'the configuration excludes outbound port 53 (-o 53), which keeps every DNS query out of capture (dns-exclusions checks that none reaches 15053)'
    : null;
}

function settled(trace: Trace): CheckResult | null {
  const d = trace.disposition;
  if (d.kind === 'loop') return { ok: false, why: describeDisposition(d) };
  if (d.kind === 'undetermined') return { ok: 'undetermined', why: describeDisposition(d) };
  return null;
}

const zoneOf = (h: Hop) => h.conntrack?.zone ?? 0;

function hopText(h: Hop, i: number): string {
  const r = h.reply;
  const answer = r
    ? `; its answer ${endpointText(r.src)} -> ${endpointText(r.dst)} in zone ${r.conntrack?.zone ?? 0} (${r.conntrack?.lookup ?? 'untracked'}), ${r.outcome}`
    : '';
  return `hop ${i + 1} (${h.actor.label}) ${endpointText(h.src)} -> ${endpointText(h.dst)} in zone ${zoneOf(h)}${answer}`;
}

/** Istio's owner-group rules (`-m owner --gid-owner G`) test the process's gid only (scope.ts inCapturedGroup). */
function groupKeptOut(gid: number, ctx: InvariantContext): boolean {
  const g = ctx.intent.ownerGroups;
  return g.exclude.includes(gid) || (g.include !== 'all' && !g.include.includes(gid));
}

/**
 * Why istio-iptables keeps this application query to port 53 out of DNS capture (capture/run.go at istio/istio
 * 86c9f01, tools/istio-iptables/pkg/capture/run.go: the RETURNs that precede SetupDNSRedir, and the server list of its
 * redirects), or null when the query is one DNS capture takes.
 */
function keptOut(c: Connection, ctx: InvariantContext): string | null {
  const carveOut = carvedOut(c, ctx);
  if (carveOut) return carveOut;
  const captured = ctx.intent.dnsCaptured;
  if (captured !== 'all' && !captured.some((x) => cidrContains(x, c.dst.addr)))
    return `${addrText(c.dst.addr)} is not a DNS server the capture names, and capture-all-dns is off`;
  return null;
}

/**
 * The configuration's own carve-outs (-o 53, -x for UDP on 1.23 and 1.24, owner groups): the RETURNs istio-iptables
 * writes before its DNS redirects. A query they keep out is dns-exclusions' to check, not dns-captured's.
 */
function carvedOut(c: Connection, ctx: InvariantContext): string | null {
  if (c.from.kind !== 'pod' || (c.protocol !== 'tcp' && c.protocol !== 'udp')) return null;
  const { intent } = ctx;
  const carveOut = intent.dnsKeptOut[c.protocol];
  if (carveOut.port) return 'the configuration excludes outbound port 53 (-o)';
  const cidr = carveOut.cidrs.find((x) => cidrContains(x, c.dst.addr));
  if (cidr) return `the configuration excludes ${formatCidr(cidr)} (-x), whose RETURN precedes the UDP DNS redirects`;
  if (groupKeptOut(c.from.gid, ctx)) return `the process's gid ${c.from.gid} is outside the captured owner groups`;
  return null;
}

function nothingKeptOut({ intent }: InvariantContext): string | null {
  const { tcp, udp } = intent.dnsKeptOut;
  const groups = intent.ownerGroups.include !== 'all' || intent.ownerGroups.exclude.length > 0;
  const any = intent.dnsCaptured !== 'all' || tcp.port || udp.port || udp.cidrs.length > 0 || groups;
  return any
    ? null
    : 'the configuration keeps no DNS query out of capture (capture-all-dns, no -o 53, every owner group captured)';
}

export const DNS_INVARIANTS = {
  'dns-captured': {
    statement:
      "With DNS capture on, an application's DNS query to a resolv.conf server of the pod reaches pilot-agent's DNS proxy on 15053 and is answered.",
    scope:
      "UDP and TCP queries to port 53 from an application identity to the DNS servers the configuration names (the pod's resolv.conf), else to those the rules redirect, except those the configuration keeps out of capture (-o 53, -x, owner groups: dns-exclusions checks them)",
    notApplicable: (ctx) => noCapture(ctx) ?? noServer(ctx) ?? port53Excluded(ctx),
    inScope: (c, ctx) =>
      c.from.kind === 'pod' &&
      c.dst.port === DNS &&
      c.src === undefined &&
      isAppIdentity(c, ctx.world) &&
      isServer(c.dst.addr, ctx) &&
      carvedOut(c, ctx) === null,
    check: (trace, c, ctx) => {
      const early = settled(trace);
      if (early) return early;
      const first = trace.hops[0]!;
      if (first.landed.kind === 'undetermined') return { ok: 'undetermined', why: first.landed.reason };
      if (first.landed.kind !== 'listener' || first.landed.listenerPort !== PORTS.dns) {
        // A rule that names this uid or gid decided the query: the rules treat the identity as a proxy's (the goldens
        // have several: istio-iptables -u 3,4 -g 1,2) and the world was not told. The model cannot tell a proxy
        // identity it does not know from a bug, so it says so.
        const rule = decidingRule(first, 'output');
        const app = ctx.world.pod.app;
        const other = c.from.kind === 'pod' && (c.from.uid !== app.uid || c.from.gid !== app.gid);
        if (rule && other && /-m owner --(uid|gid)-owner/.test(rule.rule)) {
          return {
            ok: 'undetermined',
            why: `${rule.chain} rule ${rule.index} (${rule.rule}) names this identity as the rules name a proxy's; if it is one, pass it with --proxy-uid/--proxy-gid`,
          };
        }
        return {
          ok: false,
          why: `the query lands on ${describeDisposition(trace.disposition)}, not pilot-agent's 15053`,
        };
      }
      const reply = first.reply;
      if (reply && reply.outcome !== 'answered')
        return { ok: false, why: `the proxy's answer is ${reply.outcome}: ${reply.reason}` };
      return { ok: true };
    },
  },
  'dns-proxy-no-loop': {
    statement: "pilot-agent's DNS proxy's upstream queries are not captured again: they never reach 15053.",
    scope: 'UDP and TCP queries to port 53 from the proxy identity (pilot-agent runs as the proxy uid) to any address',
    notApplicable: noCapture,
    inScope: (c, ctx) => c.from.kind === 'pod' && c.dst.port === DNS && isProxyIdentity(c, ctx.world),
    check: (trace) => {
      const early = settled(trace);
      if (early) return early;
      const first = trace.hops[0]!;
      if (first.landed.kind === 'listener' && first.landed.listenerPort === PORTS.dns) {
        return { ok: false, why: `the proxy's own query to ${addrText(first.dst.addr)}:53 is redirected to 15053` };
      }
      return { ok: true };
    },
  },
  'dns-zone-consistency': {
    statement:
      "Every DNS query and its answer are tracked in the same conntrack zone, so the NAT of the query is reversed on the answer and no entry is left unreplied or collides; pilot-agent's upstream query is not tracked in the zone of the application's query it answers; and no other UDP flow is put in a zone its answer does not come back in.",
    scope:
      "UDP queries to port 53 of a DNS server the configuration (else the rules) names, from every identity in the pod, with every hop they cause and the answers (a query from a proxy uid or gid against the application's query to the same server); and every other UDP flow from the pod (kernel-chosen source) that the rules put in a conntrack zone, with its answer",
    notApplicable: (ctx) => noCapture(ctx) ?? noServer(ctx),
    // Queries from a socket with the source the kernel chooses: a resolver never binds Envoy's inbound passthrough
    // source (127.0.0.6, ::6), whose answers from outside the pod cannot come back whatever the zones.
    inScope: (c, ctx) =>
      isOtherUdp(c) ||
      (c.from.kind === 'pod' &&
        c.src === undefined &&
        c.protocol === 'udp' &&
        c.dst.port === DNS &&
        isServer(c.dst.addr, ctx)),
    check: (trace, c, ctx) => {
      // Another UDP flow is this invariant's only when the rules put it in a zone (isOtherUdp).
      if (c.dst.port !== DNS && zoneOf(trace.hops[0]!) === 0) return { ok: true };
      const early = settled(trace);
      if (early) return early;
      const apart = upstreamSeparation(trace.hops[0]!, c, ctx.world);
      if (apart.ok !== true) return apart;
      let doubt: CheckResult | null = null;
      for (const [i, h] of trace.hops.entries()) {
        const r = h.reply;
        if (!r) continue;
        if (r.outcome === 'undetermined') doubt ??= { ok: 'undetermined', why: `${hopText(h, i)}: ${r.reason}` };
        if (r.outcome === 'lost') return { ok: false, why: `${hopText(h, i)}: ${r.reason}` };
        const replyZone = r.conntrack?.zone ?? 0;
        if (replyZone === zoneOf(h)) continue;
        // An answer produced inside the pod (the stub resolver the model assumes on a loopback server such as
        // 127.0.0.53) gets its conntrack entry at raw OUTPUT: with no CT rule for it there it is looked up in zone 0.
        // Looped back over lo it keeps that entry, so raw PREROUTING's `CT --zone 1` does nothing to it (Linux
        // net/netfilter/xt_CT.c xt_ct_target: "Previously seen (loopback)? Ignore."; nf_conntrack_core.c
        // nf_conntrack_in returns early for a packet that already has a non-template entry). The query's entry is
        // left unreplied (the kernel oracle shows exactly this: test/oracle/dns-oracle.test.ts). The answer is still
        // delivered, and the rules do not say whether the pod runs such a resolver (istio-iptables' reply-zone rules
        // expect answers from outside the pod): undetermined, not violated.
        if (r.actor.where === 'pod') {
          doubt ??= {
            ok: 'undetermined',
            why: `${hopText(h, i)}: an answer from a resolver inside the pod is tracked in raw OUTPUT's zone (raw PREROUTING's CT --zone does not apply to a looped-back packet that already has its entry), so the query's entry is left unreplied while the answer is delivered (as the kernel oracle observes); the rules do not say whether the pod runs a resolver on ${addrText(h.dst.addr)}`,
          };
          continue;
        }
        return { ok: false, why: `${hopText(h, i)}: the answer is not tracked in its query's zone` };
      }
      return doubt ?? { ok: true };
    },
  },
  'dns-exclusions': {
    statement:
      "An application's DNS query that the configuration keeps out of DNS capture never reaches pilot-agent's DNS proxy on 15053.",
    scope:
      'UDP and TCP queries to port 53 from an application identity (kernel-chosen source) that istio-iptables returns before its DNS redirects (-o 53; -x for UDP on 1.23 and 1.24; a gid outside the captured owner groups) or that its redirects do not name (a server outside the list when capture-all-dns is off)',
    notApplicable: (ctx) => noCapture(ctx) ?? nothingKeptOut(ctx),
    inScope: (c, ctx) =>
      c.from.kind === 'pod' &&
      c.dst.port === DNS &&
      c.src === undefined &&
      isAppIdentity(c, ctx.world) &&
      keptOut(c, ctx) !== null,
    check: (trace, c, ctx) => {
      const early = settled(trace);
      if (early) return early;
      // The application's own query only: a resolver it reaches (the pod's stub) may forward to a captured server.
      const first = trace.hops[0]!;
      if (first.landed.kind === 'undetermined') return { ok: 'undetermined', why: first.landed.reason };
      if (first.landed.kind !== 'listener' || first.landed.listenerPort !== PORTS.dns) return { ok: true };
      return {
        ok: false,
        why: `the query to ${endpointText(first.dst)} is redirected to 15053, though ${keptOut(c, ctx)}`,
      };
    },
  },
} satisfies Record<string, InvariantSpec>;
