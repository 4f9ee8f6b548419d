// The answer to a request and its walk back through the pod: pilot-agent's DNS proxy answering a query it accepted,
// a DNS server outside the pod answering a query that left it, or the peer of any other UDP request that left the pod
// in a conntrack zone (raw's CT --zone), whose answer is looked up in the zone raw PREROUTING gives it. The reply goes from where the request landed to
// where it came from (after NAT), and conntrack decides what the client sees: found in the request's zone, its NAT is
// reversed (nf_nat_packet); looked up in another zone, it finds nothing and keeps the proxy's address. The client's
// socket is connected to the address it asked for, so it accepts only a reply from there (udp4_lib_lookup2 and
// compute_score in net/ipv4/udp.c match a connected socket on the remote address and port).

import {
  type ConntrackTable,
  localOutput,
  type NetHost,
  type Packet,
  type PacketConntrack,
  type PathResult,
  PROTO_TCP,
  PROTO_UDP,
  remoteInput,
} from '../kernel/index.ts';
import { addrEquals } from '../net/index.ts';
import { endpointText, type Hop, type HopActor, type HopConntrack, type HopReply } from '../trace/index.ts';
import { endpoint } from './landing.ts';
import { arrivalIface } from './links.ts';
import type { World } from './world.ts';

export const DNS_PORT = 53;

export function hopConntrack(c: PacketConntrack | undefined): HopConntrack | undefined {
  if (c === undefined) return undefined;
  const e = c.entry;
  return {
    zone: c.zone,
    lookup: c.lookup,
    ctstate: c.ctstate,
    entry: e && { id: e.id, zone: e.zone, original: e.original, reply: e.reply, status: e.status },
  };
}

/** Who answers a hop's request, if anyone does: pilot-agent's DNS proxy, or a DNS server the query left the pod to. */
function responder(world: World, hop: Hop): HopActor | null {
  const l = hop.landed;
  if (l.kind === 'listener' && l.role === 'dns') {
    const { uid, gid } = world.pod.agent;
    return { id: 'pilot-agent', label: 'pilot-agent', where: 'pod', owner: { uid, gid } };
  }
  if (l.kind === 'listener' && l.role === 'dns-stub') {
    const { uid, gid } = world.pod.stubResolver;
    return { id: 'stub-resolver', label: 'stub resolver', where: 'pod', owner: { uid, gid } };
  }
  if (l.kind === 'left-pod' && l.dst.port === DNS_PORT) {
    return { id: 'kube-dns', label: `DNS server ${endpointText(l.dst)}`, where: 'outside', owner: null };
  }
  // Istio's zones are DNS's (addDNSConntrackZones in tools/istio-iptables/pkg/capture/run.go): another UDP request
  // the rules put in a zone (a widened zone rule) is followed to its answer, to show whether that comes back in the
  // request's zone. Other non-DNS requests are not followed: the model's story of them ends where they land.
  if (l.kind === 'left-pod' && hop.protocol === 'udp' && (hop.conntrack?.zone ?? 0) !== 0) {
    return { id: 'remote', label: `UDP peer ${endpointText(l.dst)}`, where: 'outside', owner: null };
  }
  return null;
}

export function answer(world: World, host: NetHost, table: ConntrackTable, hop: Hop): HopReply | null {
  const who = responder(world, hop);
  if (who === null || hop.srcAfterNat.addr === null) return null;
  const from = hop.landed.kind === 'listener' ? hop.landed.local : hop.dstAfterNat;
  const to = endpoint(hop.srcAfterNat.addr, hop.srcAfterNat.port);
  const packet: Packet = {
    family: hop.family,
    protocol: hop.protocol === 'tcp' ? PROTO_TCP : PROTO_UDP,
    src: from.addr,
    dst: to.addr,
    sport: from.port,
    dport: to.port,
    inIface: who.where === 'outside' ? arrivalIface(world.pod, from.addr) : null,
    outIface: null,
    owner: who.owner,
    mark: 0,
    ctmark: 0,
    ctstate: 'NEW',
    // A reply: for TCP the SYN/ACK, which conntrack does not accept as the start of a connection.
    firstPacket: false,
  };
  const path = who.where === 'pod' ? localOutput(host, packet, table) : remoteInput(host, packet, table);
  const { outcome, reason } = judge(hop, path);
  return {
    actor: who,
    src: from,
    dst: to,
    srcAfterNat: endpoint(path.packet.src, path.packet.sport),
    dstAfterNat: endpoint(path.packet.dst, path.packet.dport),
    hits: path.hits,
    hooks: path.hooks,
    conntrack: hopConntrack(path.conntrack) ?? null,
    outcome,
    reason,
  };
}

function judge(hop: Hop, path: PathResult): Pick<HopReply, 'outcome' | 'reason'> {
  if (path.verdict === 'undetermined') return { outcome: 'undetermined', reason: path.reason ?? 'undetermined' };
  if (path.verdict === 'dropped') return { outcome: 'lost', reason: path.reason ?? 'dropped' };
  if (path.verdict === 'sent') {
    return {
      outcome: 'lost',
      reason: `the reply leaves the pod on ${path.packet.outIface ?? '?'} instead of reaching the client`,
    };
  }
  const got = endpoint(path.packet.src, path.packet.sport);
  const back = addrEquals(got.addr, hop.dst.addr) && got.port === hop.dst.port;
  const toClient =
    hop.src.addr !== null && addrEquals(path.packet.dst, hop.src.addr) && path.packet.dport === hop.src.port;
  if (back && toClient)
    return { outcome: 'answered', reason: `the client receives the answer from ${endpointText(got)}` };
  return {
    outcome: 'lost',
    reason: `the client's socket is connected to ${endpointText(hop.dst)} and does not accept a reply from ${endpointText(got)}`,
  };
}
