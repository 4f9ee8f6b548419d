// What dns-zone-consistency quantifies over beyond the query and its answer: the zones Istio keeps apart, and the
// flows it keeps out of them. istio-iptables splits UDP DNS into two conntrack zones "to avoid issues with UDP
// conntrack race conditions" (addDNSConntrackZones in tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01,
// introduced by Istio #33572): the application's query to a server, NATed to 15053, in zone 2; pilot-agent's upstream
// query to that server in zone 1. In one zone, an upstream query from a source port the application's query used
// (its UDP entry lives on for 30 s after the socket closed) has the same tuple, is found as that entry's original
// direction and gets its NAT: pilot-agent's query is sent back to 15053 (nf_conntrack_find_get and nf_nat_packet,
// net/netfilter/nf_conntrack_core.c and nf_nat_core.c; a zone is part of the lookup key, nf_ct_zone_equal).
import type { Addr } from '../net/index.ts';
import { type Connection, PORTS, simulate, type World } from '../pod/index.ts';
import { addrText, type Hop } from '../trace/index.ts';
import { hasProxyId } from './scope.ts';
import type { CheckResult } from './types.ts';

const DNS = 53;
const zoneOf = (h: Hop | undefined) => h?.conntrack?.zone ?? 0;

/**
 * A UDP flow from the pod that is not DNS (not to port 53) is in dns-zone-consistency's scope too: Istio's raw rules
 * put only DNS in a zone, and a request another rule puts in one has its answer looked up in the zone raw PREROUTING
 * gives it (the model follows that answer, model/pod/reply.ts), so the request's entry is left unreplied and the
 * answer starts a new one, as in Istio #46935. Requests left in zone 0 hold at once: they have no answer to follow.
 */
export function isOtherUdp(c: Connection): boolean {
  return c.from.kind === 'pod' && c.src === undefined && c.protocol === 'udp' && c.dst.port !== DNS;
}

/**
 * A query to a DNS server from a process with a proxy uid or gid, which istio-iptables exempts from DNS capture and
 * puts in the upstream zone (run.go writes the zone-1 rule for each -u and each -g): it must not share the zone of the
 * application's query to the same server when that one is captured, or the two can meet in one conntrack entry.
 */
export function upstreamSeparation(first: Hop, c: Connection, world: World): CheckResult {
  if (!hasProxyId(c, world) || c.protocol !== 'udp' || c.dst.port !== DNS) return { ok: true };
  if (first.landed.kind === 'listener' && first.landed.listenerPort === PORTS.dns) return { ok: true };
  const { uid, gid } = world.pod.app;
  const app = simulate(world, { from: { kind: 'pod', actor: 'app', uid, gid }, protocol: 'udp', dst: c.dst });
  const appFirst = app.hops[0];
  const captured = appFirst?.landed.kind === 'listener' && appFirst.landed.listenerPort === PORTS.dns;
  if (!captured || zoneOf(appFirst) !== zoneOf(first)) return { ok: true };
  return {
    ok: false,
    why: `the upstream query of ${identity(c)} to ${server(c.dst.addr)}:53 is tracked in zone ${zoneOf(first)}, the zone of the application's query to it (redirected to 15053): from a source port that query used, the upstream query would be found as its conntrack entry and NATed back to 15053 (Istio #33572 put them in zones 1 and 2)`,
  };
}

const identity = (c: Connection) => (c.from.kind === 'pod' ? `uid/gid ${c.from.uid}/${c.from.gid}` : 'the sender');
const server = (a: Addr) => addrText(a);
