// Addresses as unsigned big integers, for the packet-class analysis (model/classes): a CIDR is one interval
// [network, broadcast] of this number line, so sets of addresses are sorted lists of intervals.
import type { Addr, Cidr, Family } from './address.ts';

const WORDS: Readonly<Record<Family, number>> = { ipv4: 1, ipv6: 4 };

/** The largest address of the family as a number: 2^32 - 1 or 2^128 - 1. */
export function addrMax(family: Family): bigint {
  return (1n << BigInt(32 * WORDS[family])) - 1n;
}

export function addrToBig(addr: Addr): bigint {
  // One word needs no shifting: the class analysis converts an IPv4 address per rule test, so this path is hot.
  if (addr.words.length === 1) return BigInt(addr.words[0]! >>> 0);
  let n = 0n;
  for (const w of addr.words) n = (n << 32n) | BigInt(w >>> 0);
  return n;
}

export function bigToAddr(family: Family, n: bigint): Addr {
  if (WORDS[family] === 1) return { family, words: [Number(n & 0xffffffffn)] };
  const words: number[] = [];
  let rest = n;
  for (let i = 0; i < WORDS[family]; i++) {
    words.unshift(Number(rest & 0xffffffffn));
    rest >>= 32n;
  }
  return { family, words };
}

/** The first and last address a CIDR covers. */
export function cidrBounds(cidr: Cidr): { readonly from: bigint; readonly to: bigint } {
  const bits = BigInt(32 * WORDS[cidr.addr.family]);
  const host = (1n << (bits - BigInt(cidr.prefix))) - 1n;
  const from = addrToBig(cidr.addr) & ~host & addrMax(cidr.addr.family);
  return { from, to: from | host };
}
