// When a hop repeats an earlier one: the same actor, with the same socket owner, opening a socket from the same
// source to the same destination with the same protocol. Defined once here; simulate() stops a story on it, and
// anything that walks a trace's story (the kernel oracle's replay) reads the same key.
import type { Hop } from './types.ts';

export function loopKey(hop: Hop): string {
  const o = hop.actor.owner;
  return `${hop.actor.id}|${o?.uid}/${o?.gid}|${hop.src.addr}|${hop.dst.addr}:${hop.dst.port}|${hop.protocol}`;
}
