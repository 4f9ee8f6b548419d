// Helpers for the kernel-fidelity regression tests (issue 17): a pod host around one dump, first packets built as a
// socket or an arriving peer would send them, and hits written as `table:CHAIN#n`.
import { type Packet, type PathResult, PROTO_TCP, tableLabel } from '../../model/kernel/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld, podHost } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { hitLabel } from '../../model/trace/index.ts';

export const envoy = findProfile('istio-1.25')!.envoy;

export function hostFor(rules: string, family: 'ipv4' | 'ipv6' = 'ipv4') {
  const rs = parseDumpOrThrow(rules, { family }).rulesets[0]!;
  return podHost(makeWorld({ rulesets: { [family]: rs }, envoy }));
}

/** A SYN from a local socket (the app, 1000/1000) to dst:dport, from the address the kernel would choose. */
export function fromApp(dst: string, dport: number, extra: Partial<Packet> = {}): Packet {
  const d = parseAddr(dst);
  const v6 = d.family === 'ipv6';
  const loop = v6 ? dst === '::1' : dst.startsWith('127.');
  return {
    family: d.family,
    protocol: PROTO_TCP,
    src: parseAddr(loop ? (v6 ? '::1' : '127.0.0.1') : v6 ? 'fd00:250::2' : '10.250.0.2'),
    dst: d,
    sport: 40000,
    dport,
    inIface: null,
    outIface: null,
    owner: { uid: 1000, gid: 1000 },
    mark: 0,
    ctmark: 0,
    ctstate: 'NEW',
    firstPacket: true,
    ...extra,
  };
}

/** A SYN from the remote pod arriving on eth0. */
export function fromRemote(dst: string, dport: number): Packet {
  const v6 = parseAddr(dst).family === 'ipv6';
  return fromApp(dst, dport, { src: parseAddr(v6 ? 'fd00:250::3' : '10.250.0.3'), inIface: 'eth0', owner: null });
}

export const hits = (r: PathResult) => r.hits.map((h) => `${tableLabel(h.table)}:${hitLabel(h)}`);
