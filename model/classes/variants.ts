// A class decides fate, not who asks about it: a question (an invariant's scope) may name ports that the rules never
// tell apart, such as the metrics ports or a declared application port. For such a question the class is asked at
// each named port it holds, and at one port it holds that is named by nobody, so every answer the question can give
// inside the class is asked once.
import type { Connection } from '../pod/index.ts';
import { contains, normalise, subtract } from './interval-set.ts';
import type { PacketClass } from './partition.ts';

export function portVariants(k: PacketClass, named: readonly number[]): Connection[] {
  const rep = k.representative;
  const ports = k.box.vars.dport;
  if (ports === undefined) return [rep];
  const out: Connection[] = [rep];
  const at = (port: number): Connection => ({ ...rep, dst: { ...rep.dst, port } });
  for (const p of new Set(named)) if (p !== rep.dst.port && contains(ports, BigInt(p))) out.push(at(p));
  if (named.includes(rep.dst.port)) {
    const unnamed = subtract(ports, normalise(named.map((p) => ({ from: BigInt(p), to: BigInt(p) }))));
    if (unnamed.length > 0) out.push(at(Number(unnamed[0]!.from)));
  }
  return out;
}
