// The invariant catalog: data the properties, the CLI and the docs all read.
import { addrEquals, cidrContains, loopbackOf } from '../net/index.ts';
import { type Connection, PORTS } from '../pod/index.ts';
import { decidingRule, describeDisposition, mainChain, type Trace } from '../trace/index.ts';
import { CAPTURE_OFF_INVARIANTS } from './capture-off.ts';
import { DNS_INVARIANTS } from './dns.ts';
import { INTERFACE_INVARIANTS } from './interfaces.ts';
import { LOOPBACK_INVARIANTS } from './loopback.ts';
import { OWNER_GROUP_INVARIANTS } from './owner-groups.ts';
import { PARITY_INVARIANTS } from './parity.ts';
import { lands, notRedirected } from './redirect.ts';
import {
  capturedInbound,
  capturedOutbound,
  dnsCaptureClaims,
  hasProxyId,
  isAppIdentity,
  isProxyIdentity,
  isProxyOwnerReturn,
  istiodAddresses,
  isUnicastRemote,
  metricsPorts,
  ruleAt,
  selfServiceVip,
  toPodIp,
} from './scope.ts';
import { SELF_TRAFFIC_INVARIANTS } from './self-traffic.ts';
import type { CheckResult, Invariant, InvariantContext, InvariantId, InvariantSpec } from './types.ts';

const OK: CheckResult = { ok: true };

function storyOf(trace: Trace): string {
  return mainChain(trace).map(lands).join(' -> ');
}

/** Loops and undetermined traversals are reported the same way by every invariant that reads a whole story. */
function settled(trace: Trace): CheckResult | null {
  if (trace.disposition.kind === 'loop') return { ok: false, why: describeDisposition(trace.disposition) };
  if (trace.disposition.kind === 'undetermined')
    return { ok: 'undetermined', why: describeDisposition(trace.disposition) };
  return null;
}

function expectStory(trace: Trace, expected: readonly string[]): CheckResult {
  const early = settled(trace);
  if (early) return early;
  const actual = mainChain(trace).map(lands);
  if (actual.length === expected.length && actual.every((x, i) => x === expected[i])) return OK;
  return { ok: false, why: `the connection goes ${actual.join(' -> ')} instead of ${expected.join(' -> ')}` };
}

/**
 * With DNS capture on, istio-iptables carves port 53 out of the lo RETURN rules (`-o lo -p tcp ! --dport 53 ... -j
 * RETURN`) so TCP queries go on to the DNS rules: port 53 belongs to the DNS invariants then, not to the TCP ones.
 */
function dnsCaptureTakes(c: Connection, ctx: InvariantContext): boolean {
  return ctx.intent.dnsCapture && c.dst.port === 53;
}

const CAPTURE_PORTS: readonly number[] = [PORTS.outbound, PORTS.inbound];

/** Whether the family's rules are native nftables (Istio's inet tables), whose chains have nft's names. */
const isNft = ({ world, family }: InvariantContext): boolean =>
  world.pod.rulesets[family]?.tables.some((t) => t.family === 'inet') ?? false;
/** Why an inbound invariant does not apply, naming the chains as the dump names them (model/ruleset/sidecar.ts). */
const noInbound = (ctx: InvariantContext): string =>
  ctx.intent.source !== 'rules'
    ? "the configuration captures no inbound traffic (-b '')"
    : isNft(ctx)
      ? 'the rules do not capture inbound traffic (no prerouting jump to istio-inbound in inet istio-proxy-nat)'
      : 'the rules do not capture inbound traffic (no PREROUTING jump to ISTIO_INBOUND)';
/**
 * Why no inbound invariant applies, or null: inbound capture off, or the pod's own interface is one the configuration
 * keeps out of inbound capture (-c, -k), so every connection from outside arrives where capture is not intended.
 */
const inboundOff = (ctx: InvariantContext): string | null => {
  if (!ctx.intent.inboundCapture) return noInbound(ctx);
  const iface = ctx.world.pod.iface;
  if (!ctx.intent.uncapturedInterfaces.includes(iface)) return null;
  return `the configuration keeps traffic arriving on ${iface}, the pod's interface, out of inbound capture (-c or -k names it)`;
};
const noOutbound = (ctx: InvariantContext): string =>
  ctx.intent.source !== 'rules'
    ? "the configuration captures no outbound traffic (-i '' and no -q)"
    : isNft(ctx)
      ? 'the rules do not capture outbound traffic (no jump to istio-redirect in istio-output)'
      : 'the rules do not capture outbound traffic (no jump to ISTIO_REDIRECT in ISTIO_OUTPUT)';

/**
 * The metrics and health ports that must bypass 15006: all that the pod serves, unless a configuration says it
 * captures some of them inbound (istio-iptables -b '*' with a -d that leaves them out), which is then its intent.
 */
function metricsWanted(ctx: InvariantContext): readonly number[] {
  let wanted = metricsWantedCache.get(ctx);
  if (wanted === undefined) {
    const served = metricsPorts(ctx.world);
    // Only a configuration the user gives is their word; one read back from a default injection that captures a
    // metrics port (istio-1.4's -d 15020 leaves 15090 captured) is the version's bug, not an intent.
    wanted = ctx.intent.source === 'configuration' ? served.filter((p) => !capturedInbound(p, ctx)) : served;
    metricsWantedCache.set(ctx, wanted);
  }
  return wanted;
}

/** A check asks the metrics scope of every connection it checks: the ports are worked out once per context. */
const metricsWantedCache = new WeakMap<InvariantContext, readonly number[]>();

/** Istio minor version of the pod's behaviour ("1.4" -> 4); an unparsable version reads as the newest. */
function minorOf(ctx: InvariantContext): number {
  const m = /^1\.(\d+)/.exec(ctx.world.pod.envoy.version);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

/** An application's TCP connection to a unicast address outside the pod, with a kernel-chosen source. */
function appToRemote(c: Parameters<InvariantSpec['inScope']>[0], ctx: InvariantContext): boolean {
  return (
    c.protocol === 'tcp' &&
    c.src === undefined &&
    !CAPTURE_PORTS.includes(c.dst.port) &&
    isAppIdentity(c, ctx.world) &&
    isUnicastRemote(c, ctx.world) &&
    !selfServiceVip(c, ctx.world)
  );
}

function excludedOutbound(c: Parameters<InvariantSpec['inScope']>[0], ctx: InvariantContext): boolean {
  const { intent } = ctx;
  return (
    intent.outboundExcludedPorts.includes(c.dst.port) ||
    intent.outboundExcludedCidrs.some((x) => cidrContains(x, c.dst.addr))
  );
}

const CATALOG: { readonly [K in InvariantId]: InvariantSpec } = {
  'proxy-no-loop': {
    statement:
      'No connection opened by a process with the proxy uid or gid is redirected back into a capture port in a way that cycles.',
    scope: "connections opened inside the pod by a process whose uid or gid is the proxy's (1337 by default)",
    notApplicable: ({ intent }) =>
      intent.inboundCapture || intent.outboundCapture
        ? null
        : 'the rules capture nothing, so nothing can be sent back to a capture port',
    inScope: (c, { world }) => hasProxyId(c, world),
    byFate: true,
    check: (trace) => {
      if (trace.disposition.kind === 'loop') return { ok: false, why: describeDisposition(trace.disposition) };
      if (trace.disposition.kind === 'undetermined')
        return { ok: 'undetermined', why: describeDisposition(trace.disposition) };
      return OK;
    },
  },
  terminates: {
    statement:
      'Every connection from any actor ends (delivered, left the pod, refused or dropped) within the hop bound.',
    scope: 'every connection, from every actor inside and outside the pod',
    notApplicable: () => null,
    extraLinks: true,
    inScope: () => true,
    byFate: true,
    check: (trace) => settled(trace) ?? OK,
  },
  'metrics-bypass': {
    statement:
      'Inbound connections to the Prometheus ports (15090, 15020) and the health port 15021 reach their listener without passing 15006.',
    scope: 'TCP connections from outside the pod to the pod IP on 15090, 15020 and (where Envoy serves it) 15021',
    notApplicable: (ctx) =>
      inboundOff(ctx) ??
      (metricsWanted(ctx).length === 0
        ? `the configuration captures the metrics and health ports inbound (-b ${ctx.intent.inboundPorts === 'all' ? "'*'" : 'lists them'} and -d does not exclude them)`
        : null),
    inScope: (c, ctx) =>
      c.from.kind === 'outside' &&
      c.protocol === 'tcp' &&
      toPodIp(c, ctx.world) &&
      metricsWanted(ctx).includes(c.dst.port),
    check: (trace, c) => {
      const early = settled(trace);
      if (early) return early;
      const first = trace.hops[0]!;
      if (first.landed.kind === 'listener' && first.landed.local.port === c.dst.port) return OK;
      return {
        ok: false,
        why: `port ${c.dst.port} lands on ${lands(first)} (${describeDisposition(trace.disposition)})`,
      };
    },
  },
  'local-to-local': {
    statement:
      'An application calling a Service whose endpoint is its own pod passes 15001, then 15006, each exactly once, and then reaches the application.',
    scope:
      "TCP connections from an application identity (kernel-chosen source) to a Service VIP whose endpoint is the pod's own IP",
    notApplicable: (ctx) =>
      !ctx.intent.outboundCapture ? noOutbound(ctx) : !ctx.intent.inboundCapture ? noInbound(ctx) : null,
    inScope: (c, ctx) =>
      c.protocol === 'tcp' &&
      c.src === undefined &&
      isAppIdentity(c, ctx.world) &&
      selfServiceVip(c, ctx.world) &&
      capturedOutbound(c, ctx),
    byFate: true,
    check: (trace) => expectStory(trace, ['outbound-capture', 'inbound-capture', 'app']),
  },
  'istiod-exit': {
    statement:
      'Connections from pilot-agent and Envoy to istiod leave the pod through the proxy-uid RETURN rule (rule 4 of the classic ISTIO_OUTPUT) without visiting a capture port.',
    scope:
      "TCP connections from the proxy identity to istiod's Service VIP and endpoint on 15010, 15012, 15014 and 15017, from the address the kernel chooses",
    notApplicable: (ctx) => (ctx.intent.outboundCapture ? null : noOutbound(ctx)),
    // A socket bound to a loopback source cannot reach istiod whatever the rules say (connect() fails with EINVAL),
    // so such connections say nothing about the rules; pilot-agent and Envoy never bind one to reach istiod.
    inScope: (c, { world }) =>
      c.protocol === 'tcp' &&
      c.src === undefined &&
      isProxyIdentity(c, world) &&
      istiodAddresses(world).some((x) => x.ports.includes(c.dst.port) && addrEquals(x.addr, c.dst.addr)),
    check: (trace, _c, ctx) => {
      const early = settled(trace);
      if (early) return early;
      const first = trace.hops[0]!;
      if (trace.hops.length !== 1 || first.landed.kind !== 'left-pod') {
        return { ok: false, why: `the connection goes ${storyOf(trace)} instead of leaving the pod directly` };
      }
      const rule = decidingRule(first, 'output');
      const hit = first.hits.find((h) => h.chain === rule?.chain && h.index === rule.index && h.kind === 'rule');
      if (hit && isProxyOwnerReturn(ruleAt(ctx, hit), ctx.world)) return OK;
      return {
        ok: false,
        why: rule
          ? `it leaves through ${rule.chain} rule ${rule.index} (${rule.rule}), not the proxy-uid RETURN rule`
          : 'it never reaches ISTIO_OUTPUT',
      };
    },
  },
  'inbound-once': {
    statement: 'A remote connection to an application port passes 15006 exactly once before the application.',
    scope: "TCP connections from outside the pod to the pod IP on the application's ports that the rules capture",
    notApplicable: inboundOff,
    inScope: (c, ctx) =>
      c.from.kind === 'outside' &&
      c.protocol === 'tcp' &&
      toPodIp(c, ctx.world) &&
      ctx.world.pod.app.ports.includes(c.dst.port) &&
      capturedInbound(c.dst.port, ctx),
    byFate: true,
    check: (trace) => expectStory(trace, ['inbound-capture', 'app']),
  },
  'outbound-once': {
    statement: "An application's connection to a remote address passes 15001 exactly once before leaving the pod.",
    scope:
      "TCP connections from an application identity (kernel-chosen source) to addresses outside the pod that the rules capture, except to the capture ports themselves, which Envoy's blackhole filter chains close by design",
    notApplicable: (ctx) => (ctx.intent.outboundCapture ? null : noOutbound(ctx)),
    inScope: (c, ctx) =>
      c.protocol === 'tcp' &&
      c.src === undefined &&
      !CAPTURE_PORTS.includes(c.dst.port) &&
      !dnsCaptureTakes(c, ctx) &&
      isAppIdentity(c, ctx.world) &&
      isUnicastRemote(c, ctx.world) &&
      capturedOutbound(c, ctx) &&
      !selfServiceVip(c, ctx.world),
    byFate: true,
    check: (trace) => expectStory(trace, ['outbound-capture', 'left-pod']),
  },
  'tunnel-bypass': {
    statement: 'Where the rules declare a tunnel port (15008), connections to it are never redirected.',
    scope: 'TCP connections from anyone to the pod IP on the tunnel port',
    notApplicable: (ctx) =>
      ctx.intent.tunnelPort === null
        ? `the rules declare no inbound tunnel port (no ${isNft(ctx) ? 'istio-inbound return' : 'ISTIO_INBOUND RETURN'} for 15008)`
        : null,
    inScope: (c, ctx) => c.protocol === 'tcp' && toPodIp(c, ctx.world) && c.dst.port === ctx.intent.tunnelPort,
    check: (trace) => notRedirected(trace),
  },
  'inbound-exclusions': {
    statement:
      'Connections from outside the pod to a port the rules exclude from inbound capture (istio-iptables -d, the tunnel port) reach that port without passing 15006.',
    scope: 'TCP connections from outside the pod to the pod IP on every port ISTIO_INBOUND returns early',
    notApplicable: (ctx) =>
      inboundOff(ctx) ?? (ctx.intent.inboundExcludedPorts.length === 0 ? 'the rules exclude no inbound port' : null),
    inScope: (c, ctx) =>
      c.from.kind === 'outside' &&
      c.protocol === 'tcp' &&
      toPodIp(c, ctx.world) &&
      ctx.intent.inboundExcludedPorts.includes(c.dst.port),
    check: (trace) => notRedirected(trace),
  },
  'loopback-bypass': {
    statement: 'Connections from any process in the pod to 127.0.0.1 (::1) are never redirected to Envoy.',
    scope:
      'TCP connections from every identity in the pod to 127.0.0.1 or ::1 on any port, with a kernel-chosen source',
    notApplicable: ({ intent }) =>
      intent.inboundCapture || intent.outboundCapture ? null : 'the rules capture nothing',
    inScope: (c) =>
      c.from.kind === 'pod' &&
      c.protocol === 'tcp' &&
      c.src === undefined &&
      addrEquals(c.dst.addr, loopbackOf(c.dst.addr.family)),
    check: (trace) => notRedirected(trace),
  },
  'app-self-bypass': {
    statement:
      'An application connecting to its own pod IP reaches the destination directly, without passing through Envoy (since Istio 1.5).',
    scope: "TCP connections from an application identity to the pod's own IP, with a kernel-chosen source",
    notApplicable: (ctx) =>
      minorOf(ctx) < 5
        ? `Istio ${ctx.world.pod.envoy.version} routes an application's call to its own pod IP through Envoy by design; the bypass came in 1.5 (istio/istio b48ff15218b, #19308)`
        : ctx.intent.inboundCapture || ctx.intent.outboundCapture
          ? null
          : 'the rules capture nothing',
    inScope: (c, ctx) =>
      c.protocol === 'tcp' &&
      c.src === undefined &&
      !dnsCaptureTakes(c, ctx) &&
      isAppIdentity(c, ctx.world) &&
      toPodIp(c, ctx.world),
    check: (trace) => notRedirected(trace),
  },
  'proxy-egress-direct': {
    statement:
      'Connections opened by a process with the proxy uid or gid to an address outside the pod leave the pod directly, never through a capture port.',
    scope:
      "TCP connections from any process in the pod whose uid or gid is the proxy's, to unicast addresses outside the pod",
    // Whatever -i says: istio-iptables writes the proxy's owner rules unconditionally (capture/run.go, Run), and with
    // no outbound capture nothing may send the proxy's egress to a capture port either.
    notApplicable: ({ intent }) =>
      intent.inboundCapture || intent.outboundCapture ? null : 'the rules capture nothing',
    inScope: (c, ctx) =>
      c.protocol === 'tcp' && c.src === undefined && hasProxyId(c, ctx.world) && isUnicastRemote(c, ctx.world),
    byFate: true,
    check: (trace) => expectStory(trace, ['left-pod']),
  },
  'outbound-exclusions': {
    statement:
      "An application's connection to an outbound port or CIDR the configuration excludes (istio-iptables -o, -x) leaves the pod directly, never through 15001.",
    scope:
      'TCP connections from an application identity (kernel-chosen source) to addresses outside the pod, on an excluded outbound port or in an excluded CIDR',
    notApplicable: (ctx) =>
      !ctx.intent.outboundCapture
        ? noOutbound(ctx)
        : ctx.intent.outboundExcludedPorts.length === 0 && ctx.intent.outboundExcludedCidrs.length === 0
          ? 'the configuration excludes no outbound port or CIDR (-o and -x empty)'
          : null,
    // A query DNS capture takes to 15053 is the DNS invariants' (dns-captured), whatever -x says.
    inScope: (c, ctx) => appToRemote(c, ctx) && excludedOutbound(c, ctx) && !dnsCaptureClaims(c, ctx),
    byFate: true,
    check: (trace) => expectStory(trace, ['left-pod']),
  },
  'outbound-inclusions': {
    statement:
      "Where the configuration captures only listed outbound CIDRs and ports (istio-iptables -i, -q), an application's connection to an included destination passes 15001 exactly once, and one to any other destination leaves the pod directly.",
    scope:
      'TCP connections from an application identity (kernel-chosen source) to addresses outside the pod, outside the excluded ports and CIDRs',
    notApplicable: (ctx) =>
      !ctx.intent.outboundCapture
        ? noOutbound(ctx)
        : ctx.intent.outboundCidrs === 'all'
          ? "the configuration captures every outbound CIDR (-i '*')"
          : null,
    // A query DNS capture takes to 15053 is the DNS invariants' (dns-captured), whether or not -i includes it.
    inScope: (c, ctx) => appToRemote(c, ctx) && !excludedOutbound(c, ctx) && !dnsCaptureClaims(c, ctx),
    check: (trace, c, ctx) =>
      expectStory(trace, capturedOutbound(c, ctx) ? ['outbound-capture', 'left-pod'] : ['left-pod']),
  },
  'inbound-ports': {
    statement:
      'Where the configuration captures only listed inbound ports (istio-iptables -b P,...), a connection from outside the pod to any other port reaches it without passing 15006.',
    scope: 'TCP connections from outside the pod to the pod IP on the ports the configuration does not capture inbound',
    notApplicable: (ctx) =>
      inboundOff(ctx) ??
      (ctx.intent.inboundPorts === 'all' ? "the configuration captures every inbound port (-b '*')" : null),
    inScope: (c, ctx) =>
      c.from.kind === 'outside' && c.protocol === 'tcp' && toPodIp(c, ctx.world) && !capturedInbound(c.dst.port, ctx),
    check: (trace) => notRedirected(trace),
  },
  ...DNS_INVARIANTS,
  ...INTERFACE_INVARIANTS,
  ...SELF_TRAFFIC_INVARIANTS,
  ...OWNER_GROUP_INVARIANTS,
  ...LOOPBACK_INVARIANTS,
  ...PARITY_INVARIANTS,
  ...CAPTURE_OFF_INVARIANTS,
};

/** Every invariant, in the catalog's order (the order of the docs and the CLI's output). */
export const INVARIANTS: readonly Invariant[] = Object.entries(CATALOG).map(([id, spec]) => ({
  id: id as InvariantId,
  ...spec,
}));

export const DEAD_RULES_LINT = {
  id: 'dead-rules',
  statement: 'Rules no connection can reach (a lint: reported, never failing).',
  scope: 'every rule of every table, against every connection of the domain built from the rules',
} as const;

export function findInvariant(id: string): Invariant | undefined {
  return INVARIANTS.find((i) => i.id === id);
}
