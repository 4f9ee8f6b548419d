// The invariants of the interfaces a configuration names besides the pod's own (istio-iptables -c, -k), and the
// connections that exercise them: the pod world's packet classes only cover the pod's interface, so the traffic on
// each extra interface's link (model/pod/links.ts) is added here. What istio-iptables writes for them
// (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c):
// - -c IF: shortCircuitExcludeInterfaces appends `-A PREROUTING -i IF -j RETURN` and `-A OUTPUT -o IF -j RETURN` to
//   nat (and mangle in TPROXY mode): nothing arriving on IF or leaving by it is captured, either way;
// - -k IF: shortCircuitKubeInternalInterface inserts `-I PREROUTING 1 -i IF -j RETURN`, then
//   handleOutboundIncludeRules inserts `-I PREROUTING 1 -i IF [-d CIDR] -j ISTIO_REDIRECT` for -i '*' or each -i
//   CIDR: what a KubeVirt VM sends to an included destination goes to Envoy's outbound listener 15001, the rest is
//   returned uncaptured (the -x and -o exclusions are not applied to it).
import { type Addr, cidrContains, type Family } from '../net/index.ts';
import { type Connection, type InterfaceLink, interfaceLinks, linkFor, type World } from '../pod/index.ts';
import { describeDisposition, mainChain, type Trace } from '../trace/index.ts';
import { intentAddrs } from './domain.ts';
import { lands, notRedirected } from './redirect.ts';
import { isAppIdentity } from './scope.ts';
import type { CheckResult, InvariantContext, InvariantSpec } from './types.ts';

function links(ctx: InvariantContext, role: InterfaceLink['iface']['role']): InterfaceLink[] {
  return interfaceLinks(ctx.world.pod, ctx.family).filter(
    (l) => l.iface.role === role && ctx.intent.uncapturedInterfaces.includes(l.iface.name),
  );
}

const linkOfRole = (addr: Addr | undefined, ctx: InvariantContext, role: InterfaceLink['iface']['role']) =>
  addr === undefined ? undefined : links(ctx, role).find((l) => cidrContains(l.subnet, addr));

function settled(trace: Trace): CheckResult | null {
  const d = trace.disposition;
  if (d.kind === 'loop') return { ok: false, why: describeDisposition(d) };
  if (d.kind === 'undetermined') return { ok: 'undetermined', why: describeDisposition(d) };
  return null;
}

/** Whether the VM's connection is one -k reroutes: its destination in -i's CIDRs ('*': all). */
function rerouted(c: Connection, ctx: InvariantContext): boolean {
  const cidrs = ctx.intent.outboundCidrs;
  return cidrs === 'all' || cidrs.some((x) => cidrContains(x, c.dst.addr));
}

export const INTERFACE_INVARIANTS = {
  'excluded-interfaces': {
    statement:
      'Traffic arriving on an interface the configuration excludes (istio-iptables -c), or leaving by it, never passes Envoy: it reaches its destination as addressed.',
    scope:
      "TCP connections from the peer on each excluded interface's link to the pod's addresses, and from an application identity to that peer",
    notApplicable: (ctx) =>
      links(ctx, 'excluded').length === 0
        ? 'the configuration excludes no interface (-c empty)'
        : !ctx.intent.inboundCapture && !ctx.intent.outboundCapture
          ? 'the configuration captures nothing, so there is no capture for the excluded interfaces to bypass'
          : null,
    extraLinks: true,
    inScope: (c, ctx) =>
      c.protocol === 'tcp' &&
      c.src === undefined &&
      ((c.from.kind === 'outside' && linkOfRole(c.from.addr, ctx, 'excluded') !== undefined) ||
        (isAppIdentity(c, ctx.world) && linkOfRole(c.dst.addr, ctx, 'excluded') !== undefined)),
    check: (trace) => settled(trace) ?? notRedirected(trace),
  },
  'virtual-interfaces': {
    statement:
      "A KubeVirt VM's TCP connection arriving on a virtual interface (istio-iptables -k) to an included outbound destination (-i) is rerouted to Envoy's outbound listener 15001; to any other destination it is not captured.",
    scope:
      "TCP connections from the VM on each virtual interface's link to addresses outside the pod, the CIDR edges of -i included",
    notApplicable: (ctx) =>
      links(ctx, 'virtual').length === 0
        ? 'the configuration names no virtual interface (-k empty)'
        : !ctx.intent.outboundCapture
          ? "the configuration captures no outbound traffic (-i ''), so istio-iptables reroutes nothing from the virtual interfaces"
          : null,
    extraLinks: true,
    inScope: (c, ctx) =>
      c.protocol === 'tcp' && c.from.kind === 'outside' && linkOfRole(c.from.addr, ctx, 'virtual') !== undefined,
    check: (trace, c, ctx) => {
      const early = settled(trace);
      if (early) return early;
      if (!rerouted(c, ctx)) return notRedirected(trace);
      const first = trace.hops[0]!;
      if (first.landed.kind === 'listener' && first.landed.role === 'outbound-capture') return { ok: true };
      return {
        ok: false,
        why: `the VM's connection goes ${mainChain(trace).map(lands).join(' -> ')} instead of to Envoy's outbound listener 15001`,
      };
    },
  },
} satisfies Record<string, InvariantSpec>;

/**
 * The connections on the extra interfaces' links: from each link's peer to the pod's addresses (excluded) or to
 * addresses outside the pod (virtual: the VM's own outbound traffic), and from the application to each peer.
 */
export function interfaceConnections(world: World, family: Family, ctx: InvariantContext): Connection[] {
  const { pod } = world;
  const ports = [...new Set([...pod.app.ports, ...world.services.map((s) => s.vip.port), 80, 15001, 15006, 15008])];
  const app = { kind: 'pod', actor: 'app', uid: pod.app.uid, gid: pod.app.gid } as const;
  const own = pod.addresses.filter((a) => a.family === family);
  const remote = [
    ...world.outside.filter((o) => o.addr.family === family).map((o) => o.addr),
    ...world.services.filter((s) => s.vip.addr.family === family).map((s) => s.vip.addr),
    ...intentAddrs(ctx.intent, family).filter((a) => linkFor(pod, a) === undefined),
  ];
  const out: Connection[] = [];
  for (const link of interfaceLinks(pod, family)) {
    const from = { kind: 'outside', actor: 'remote', addr: link.peer } as const;
    const dsts = link.iface.role === 'excluded' ? [link.local, ...own] : remote;
    // UDP too, though every invariant here is about TCP: the lint reads these walks (ISTIO_REDIRECT takes TCP only,
    // so a VM's UDP goes on to -k's RETURN).
    for (const protocol of ['tcp', 'udp'] as const) {
      for (const addr of dsts) for (const port of ports) out.push({ from, protocol, dst: { addr, port } });
      for (const port of ports) out.push({ from: app, protocol, dst: { addr: link.peer, port } });
    }
  }
  return out;
}
