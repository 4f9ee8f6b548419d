// When a hop repeats an earlier one: the same actor, with the same socket owner (uid, gid, supplementary groups),
// opening a socket from the same source to the same destination with the same protocol. Defined once here; simulate() stops a story on it, and
// anything that walks a trace's story reads the same key. Addresses enter as their words (no formatting on the
// hot path); the word count tells the families apart.
import type { Addr } from '../net/index.ts';
import type { Hop } from './types.ts';

const words = (a: Addr | null): string => (a === null ? '-' : a.words.join('.'));

export function loopKey(hop: Hop): string {
  const o = hop.actor.owner;
  return `${hop.actor.id}|${o?.uid}/${o?.gid}/${o?.groups?.join(',') ?? ''}|${words(hop.src.addr)}|${words(hop.dst.addr)}:${hop.dst.port}|${hop.protocol}`;
}
