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

/** The ports a question names, prepared once per check rather than once per class (a check has thousands). */
export interface NamedPorts {
  /** Each named port once, in the order first named, as numbers and as bigints. */
  readonly ports: readonly number[];
  readonly big: readonly bigint[];
  readonly set: IntervalSet;
}

export function namedPorts(named: readonly number[]): NamedPorts {
  const ports = [...new Set(named)];
  const big = ports.map(BigInt);
  return { ports, big, set: normalise(big.map((p) => ({ from: p, to: p }))) };
}

/** A class as its variants read it: its box and representative (not its trace). */
export type ClassWitness = Pick<PacketClass, 'box' | 'representative'>;

export function portVariants(k: ClassWitness, asked: NamedPorts): Connection[] {
  const rep = k.representative;
  const ports = k.box.vars.dport;
  if (ports === undefined) return [rep];
  const out: Connection[] = [rep];
  const at = (port: number): Connection => ({ ...rep, dst: { ...rep.dst, port } });
  const repPort = rep.dst.port;
  let repNamed = false;
  for (let i = 0; i < asked.ports.length; i++) {
    const p = asked.ports[i]!;
    if (p === repPort) repNamed = true;
    else if (contains(ports, asked.big[i]!)) out.push(at(p));
  }
  if (repNamed) {
    const unnamed = subtract(ports, asked.set);
    if (unnamed.length > 0) out.push(at(Number(unnamed[0]!.from)));
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
