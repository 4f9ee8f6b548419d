// What a configuration that switches capture off still asks for. istio-iptables writes the proxy's owner rules and
// drop-invalid's mangle rule whatever -i and -b say (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01,
// Run): with outbound capture off nothing may send a connection to Envoy but the proxy uid's own calls to local
// addresses outside the loopback CIDR (the `-o lo ! -d 127.0.0.1/32 ... --uid-owner 1337 -j ISTIO_IN_REDIRECT`
// hairpin), which must still reach what they called; with inbound capture off nothing arriving may be; and DROP_INVALID drops what conntrack calls INVALID.
import { type NetHost, PROTO_TCP, PROTO_UDP, remoteInput } from '../kernel/index.ts';
import { cidrContains, isLoopback } from '../net/index.ts';
import { type Connection, isProxyGid, isProxyUid, podHost, type World } from '../pod/index.ts';
import { mainChain, type Trace } from '../trace/index.ts';
import { lands, notRedirected } from './redirect.ts';
import { toPodIp } from './scope.ts';
import type { CheckResult, InvariantContext, InvariantSpec } from './types.ts';

const DNS = 53;
/** Any source port: conntrack's verdict on a packet does not depend on it. */
const LATER_SPORT = 40000;

/** Istio minor version of the pod's behaviour ("1.4" -> 4); an unparsable version reads as the newest. */
function minorOf(world: World): number {
  const m = /^1\.(\d+)/.exec(world.pod.envoy.version);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

/**
 * Pod processes are promised no redirect from 1.5 only: before, ISTIO_OUTPUT's lo rule sent every uid's call to a
 * non-127.0.0.1 local address to 15006 by design (istio/istio b48ff15218b, #19308).
 */
const podSidePromised = (ctx: InvariantContext): boolean => !ctx.intent.outboundCapture && minorOf(ctx.world) >= 5;

function inScope(c: Connection, ctx: InvariantContext): boolean {
  if (c.protocol !== 'tcp' || c.src !== undefined) return false;
  // DNS capture takes port 53 to pilot-agent on purpose, whatever -i says: that is the DNS invariants' to judge.
  if (ctx.intent.dnsCapture && c.dst.port === DNS) return false;
  if (c.from.kind === 'outside') return !ctx.intent.inboundCapture && toPodIp(c, ctx.world);
  return podSidePromised(ctx);
}

/**
 * The proxy uid's hairpin to the pod's address ends where the call was going: at the listener of the port it called
 * (what that listener does next is its own business), or refused there; never through 15001 on the way.
 */
function hairpinArrives(trace: Trace, c: Connection): CheckResult {
  const chain = mainChain(trace);
  const d = trace.disposition;
  if (d.kind === 'undetermined') return { ok: 'undetermined', why: d.reason };
  const at = chain.findIndex((h) => h.landed.kind === 'listener' && h.landed.local.port === c.dst.port);
  const through = at === -1 ? chain : chain.slice(0, at);
  const refusedThere = at === -1 && d.kind === 'refused' && d.dst.port === c.dst.port;
  if ((at !== -1 || refusedThere) && !through.some((h) => lands(h) === 'outbound-capture')) return { ok: true };
  return { ok: false, why: `the call goes ${chain.map(lands).join(' -> ')} and never reaches port ${c.dst.port}` };
}

function checkOff(trace: Trace, c: Connection, ctx: InvariantContext): CheckResult {
  // The hairpin takes the proxy uid's calls to every local address outside the loopback CIDR through lo.
  const local = toPodIp(c, ctx.world) || (isLoopback(c.dst.addr) && !cidrContains(ctx.intent.loopbackCidr, c.dst.addr));
  // In TPROXY mode the proxy gid's are too: mangle OUTPUT marks them 1338 and TPROXY takes them (tproxy-gid-self-inbound).
  const { pod } = ctx.world;
  const hairpinned =
    c.from.kind === 'pod' &&
    (isProxyUid(pod, c.from.uid) || (pod.localRouteMark !== null && isProxyGid(pod, c.from.gid)));
  if (hairpinned && local) return hairpinArrives(trace, c);
  return notRedirected(trace);
}

const hosts = new WeakMap<World, NetHost>();
function hostOf(world: World): NetHost {
  let host = hosts.get(world);
  if (!host) {
    host = podHost(world);
    hosts.set(world, host);
  }
  return host;
}

/** A later packet of the connection that conntrack marks INVALID (out of window, or no entry), as it arrives. */
function checkInvalidDropped(_trace: Trace, c: Connection, ctx: InvariantContext): CheckResult {
  const { world } = ctx;
  const src =
    c.from.kind === 'outside'
      ? (c.from.addr ?? world.outside.find((o) => o.id === c.from.actor && o.addr.family === c.dst.addr.family)?.addr)
      : undefined;
  if (!src) return { ok: 'undetermined', why: `the world has no ${c.dst.addr.family} address for the sender` };
  const r = remoteInput(hostOf(world), {
    family: c.dst.addr.family,
    protocol: c.protocol === 'tcp' ? PROTO_TCP : PROTO_UDP,
    src,
    dst: c.dst.addr,
    sport: LATER_SPORT,
    dport: c.dst.port,
    inIface: world.pod.iface,
    outIface: null,
    owner: null,
    mark: 0,
    ctmark: 0,
    ctstate: 'INVALID',
    firstPacket: false,
  });
  if (r.verdict === 'dropped') return { ok: true };
  if (r.verdict === 'undetermined') return { ok: 'undetermined', why: r.reason ?? 'a rule the model cannot evaluate' };
  return {
    ok: false,
    why: `an INVALID packet of this connection is not dropped: it is ${r.verdict === 'local' ? 'delivered to the pod' : r.verdict}`,
  };
}

export const CAPTURE_OFF_INVARIANTS = {
  'capture-off': {
    statement:
      "Where the configuration captures no outbound traffic (-i '' and no -q), no connection a pod process opens is sent to Envoy (from Istio 1.5) but the proxy uid's own calls to local addresses outside the loopback CIDR, which still reach the port they called; where it captures no inbound traffic (-b ''), no connection from outside the pod is.",
    scope:
      'TCP connections with a kernel-chosen source from every pod process (outbound capture off) and from outside the pod to the pod IP (inbound capture off), except DNS queries DNS capture takes',
    notApplicable: (ctx) =>
      ctx.intent.inboundCapture && ctx.intent.outboundCapture
        ? 'the configuration captures both directions: the capture invariants judge what it captures'
        : ctx.intent.inboundCapture && !podSidePromised(ctx)
          ? `Istio ${ctx.world.pod.envoy.version} sends every process's call to a local address other than 127.0.0.1 to 15006 by design, outbound capture or not (the uid-scoped lo rules came in 1.5, istio/istio b48ff15218b)`
          : null,
    inScope,
    check: checkOff,
  },
  'drop-invalid': {
    statement:
      'Where the configuration drops INVALID packets (DROP_INVALID, from Istio 1.13), every TCP packet conntrack marks INVALID that arrives at the pod from outside is dropped.',
    // TCP only: the iptables rule drops every protocol, but Istio's native nftables rule matches `meta l4proto tcp`
    // (tools/istio-nftables at istio/istio 86c9f01): the out-of-window TCP segments it is for are what both drop.
    scope: 'TCP connections from outside the pod to the pod IP, each with a later packet conntrack marks INVALID',
    notApplicable: ({ intent }) =>
      intent.dropInvalid
        ? null
        : 'the configuration does not drop INVALID packets (DROP_INVALID off, or an Istio before 1.13)',
    inScope: (c, ctx) => c.from.kind === 'outside' && c.protocol === 'tcp' && toPodIp(c, ctx.world),
    check: checkInvalidDropped,
  },
} satisfies Record<string, InvariantSpec>;
