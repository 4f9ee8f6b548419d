// A class decides fate, not who asks about it: a question (an invariant's scope) may name ports or addresses that the
// rules never tell apart, such as the metrics ports, a declared application port, or the CIDRs a configuration
// excludes when the rules under test (a mutant, a hand-edited dump) no longer name them. For such a question the class
// is asked at each named port it holds and at one port it holds that is named by nobody; and where a named address
// set cuts the class's destinations, at one destination inside the set and one outside. So every answer the question
// can give inside the class is asked once, and a class the set does not cut (the rules name the CIDRs, as
// istio-iptables writes them) costs nothing more, however many CIDRs there are.
import { addrToBig, bigToAddr } from '../net/index.ts';
import type { Connection } from '../pod/index.ts';
import { contains, type IntervalSet, intersect, normalise, subtract } from './interval-set.ts';
import type { PacketClass } from './partition.ts';

/**
 * The ports questions name, built once per check: ports asked each on its own, and long lists asked by membership
 * (istio-iptables -b or -d with thousands of ports: a scope only asks whether a port is in the list, scope.ts). A
 * list of up to LIST_AS_PORTS ports is asked port by port, as every list was before lists grew long.
 */
export interface PortQuestions {
  readonly singles: readonly number[];
  /** The same ports as bigints (a check asks thousands of classes: converted once, here). */
  readonly singlesBig: readonly bigint[];
  readonly singleSet: IntervalSet;
  readonly lists: readonly IntervalSet[];
}

const LIST_AS_PORTS = 16;

export function portQuestions(singles: readonly number[], lists: readonly (readonly number[])[]): PortQuestions {
  const long = lists.filter((l) => l.length > LIST_AS_PORTS);
  const all = [...new Set([...singles, ...lists.filter((l) => l.length <= LIST_AS_PORTS).flat()])];
  const set = (ports: readonly number[]) => normalise(ports.map((p) => ({ from: BigInt(p), to: BigInt(p) })));
  return { singles: all, singlesBig: all.map(BigInt), singleSet: set(all), lists: long.map(set) };
}

/** A class as its variants read it: its box and representative (not its trace). */
export type ClassWitness = Pick<PacketClass, 'box' | 'representative'>;

/**
 * The class asked at each single port it holds, and at one port (named by no single) per way of being in or out of
 * the long lists that its ports show; the representative stands for its own port's way.
 */
export function portVariants(k: ClassWitness, q: PortQuestions): Connection[] {
  const rep = k.representative;
  const ports = k.box.vars.dport;
  if (ports === undefined) return [rep];
  const out: Connection[] = [rep];
  const at = (port: number): Connection => ({ ...rep, dst: { ...rep.dst, port } });
  for (let i = 0; i < q.singles.length; i++) {
    const p = q.singles[i]!;
    if (p !== rep.dst.port && contains(ports, q.singlesBig[i]!)) out.push(at(p));
  }
  const rest = subtract(ports, q.singleSet);
  if (rest.length === 0) return out;
  const repWay = contains(q.singleSet, BigInt(rep.dst.port)) ? null : wayOf(q.lists, BigInt(rep.dst.port));
  for (const [way, port] of firstPortPerWay(rest, q.lists)) if (way !== repWay) out.push(at(Number(port)));
  return out;
}

/** Which long lists hold the port, as a key. */
function wayOf(lists: readonly IntervalSet[], port: bigint): string {
  return lists.map((l) => (contains(l, port) ? '1' : '0')).join('');
}

/** The least port of `ports` for each way of being in or out of the lists: one per piece cut by the lists' bounds. */
function firstPortPerWay(ports: IntervalSet, lists: readonly IntervalSet[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  if (lists.length === 0) {
    out.set('', ports[0]!.from);
    return out;
  }
  const bounds = new Set<bigint>();
  for (const s of ports) bounds.add(s.from);
  for (const l of lists) for (const s of intersect(ports, l)) bounds.add(s.from).add(s.to + 1n);
  for (const b of [...bounds].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (!contains(ports, b)) continue;
    const way = wayOf(lists, b);
    if (!out.has(way)) out.set(way, b);
  }
  return out;
}

/**
 * The connections `asked` (the class's port variants) again at other destinations of the class, so that each named
 * address set that cuts the class's destinations is asked inside and outside: the least destination of the class in
 * the set and the least outside it, where the representative's own destination is not already on that side.
 */
export function addressVariants(
  k: ClassWitness,
  asked: readonly Connection[],
  sets: readonly IntervalSet[],
): Connection[] {
  const dsts = k.box.vars.dst;
  if (dsts === undefined) return [];
  const rep = k.representative;
  const repDst = addrToBig(rep.dst.addr);
  const values = new Set<bigint>();
  for (const set of sets) {
    const inside = intersect(dsts, set);
    if (inside.length === 0) continue;
    const outside = subtract(dsts, set);
    if (outside.length === 0) continue;
    values.add(contains(set, repDst) ? outside[0]!.from : inside[0]!.from);
  }
  const out: Connection[] = [];
  for (const v of values) {
    const addr = bigToAddr(rep.dst.addr.family, v);
    for (const c of asked) out.push({ ...c, dst: { ...c.dst, addr } });
  }
  return out;
}
