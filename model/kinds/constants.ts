// Helpers for the constants a kind reports (ConstantSink): the edges of a range and of a CIDR, so that the values
// tried against a rule fall on both sides of each of its boundaries.
import type { Addr, Cidr } from '../net/index.ts';
import type { Range } from '../ruleset/index.ts';

/** A single value stands for itself (other values are represented elsewhere); a range also needs its outside edges. */
export function edges(r: Range): number[] {
  return r.from === r.to ? [r.from] : [r.from - 1, r.from, r.to, r.to + 1];
}

function offset(addr: Addr, delta: number): Addr {
  const words = [...addr.words];
  let i = words.length - 1;
  let carry = delta;
  while (i >= 0 && carry !== 0) {
    const v = (words[i] ?? 0) + carry;
    words[i] = v >>> 0;
    carry = v > 0xffffffff ? 1 : v < 0 ? -1 : 0;
    i--;
  }
  return { family: addr.family, words };
}

function lastOf(c: Cidr): Addr {
  const bits = c.addr.family === 'ipv4' ? 32 : 128;
  return {
    family: c.addr.family,
    words: c.addr.words.map((w, i) => {
      const hostBits = Math.min(32, Math.max(0, bits - c.prefix - 32 * (c.addr.words.length - 1 - i)));
      return (w | (hostBits === 32 ? 0xffffffff : (1 << hostBits) - 1)) >>> 0;
    }),
  };
}

/** The addresses just before, at the start of, at the end of, and just after a CIDR. */
export function cidrEdges(c: Cidr): Addr[] {
  return [offset(c.addr, -1), c.addr, lastOf(c), offset(lastOf(c), 1)];
}

/** "80" or "80-90", as explanations write a range. */
export const rangeText = (r: Range): string => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`);

/** `not ` before a negated condition. */
export const notText = (negated: boolean): string => (negated ? 'not ' : '');
