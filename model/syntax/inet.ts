// Address text exactly as iptables reads and writes it: glibc's inet_pton and inet_ntop. Two places where that
// differs from model/net/address.ts (ipaddr.js):
// - ipaddr.js reads the deprecated IPv4-compatible form `::a.b.c.d` as IPv4-mapped `::ffff:a.b.c.d`; inet_pton reads
//   it as ::XXXX:YYYY (Istio's DNS golden uses ::127.0.0.53, which must stay that address);
// - inet_ntop writes an address whose first 96 bits are zero (and the next 32 not) or ::ffff:0:0/96 with a dotted
//   IPv4 tail (`::127.0.0.53`, `::ffff:10.0.0.1`), which ip6tables-save therefore prints.
import { type Addr, type Cidr, formatAddr, parseAddr } from '../net/index.ts';

const COMPAT = /^::(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?:\/.*)?)$/;

/** Rewrites `::a.b.c.d[/n]` into hex groups so that ipaddr.js reads the address inet_pton reads. */
export function compatToHex(text: string): string {
  const m = COMPAT.exec(text);
  if (!m) return text;
  let word: number;
  try {
    word = parseAddr(m[1]!).words[0]!;
  } catch {
    return text;
  }
  return `::${(word >>> 16).toString(16)}:${(word & 0xffff).toString(16)}${m[2]}`;
}

function groups(addr: Addr): number[] {
  return addr.words.flatMap((w) => [w >>> 16, w & 0xffff]);
}

/** inet_ntop's text for an address (glibc resolv/inet_ntop.c inet_ntop6). */
export function formatInet(addr: Addr): string {
  if (addr.family === 'ipv4') return formatAddr(addr);
  const g = groups(addr);
  let zeros = 0;
  while (zeros < 8 && g[zeros] === 0) zeros++;
  // The longest zero run starts at 0 when the first five groups are zero: it is the run inet_ntop6 compresses.
  const tail = addr.words[3]!;
  const dotted = `${tail >>> 24}.${(tail >>> 16) & 0xff}.${(tail >>> 8) & 0xff}.${tail & 0xff}`;
  if (zeros === 6) return `::${dotted}`;
  if (zeros === 5 && g[5] === 0xffff) return `::ffff:${dotted}`;
  return formatAddr(addr);
}

export function formatInetCidr(cidr: Cidr): string {
  return `${formatInet(cidr.addr)}/${cidr.prefix}`;
}
