// Addresses as nft prints them. nft formats with the C library's inet_ntop; glibc's (resolv/inet_ntop.c) compresses
// the first longest run of two or more zero groups, and writes an IPv4-compatible (`::a.b.c.d`, six zero groups) or
// IPv4-mapped (`::ffff:a.b.c.d`) address with a dotted tail, where RFC 5952 text would write `::7f00:35`.
import type { Addr } from './addresses.ts';

function dotted(word: number): string {
  return [word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff].join('.');
}

export function formatNftAddr(addr: Addr): string {
  if (addr.family === 'ipv4') return dotted(addr.words[0]!);
  const groups = addr.words.flatMap((w) => [w >>> 16, w & 0xffff]);
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  groups.forEach((g, i) => {
    if (g === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
      if (cur.len > best.len) best = cur;
    } else cur = { base: -1, len: 0 };
  });
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && groups[5] === 0xffff))) {
      return out + dotted(addr.words[3]!);
    }
    out += groups[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}
