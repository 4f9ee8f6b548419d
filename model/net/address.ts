// Addresses are parsed once, at the boundary, with ipaddr.js; inside the model they are plain words so that
// matching a CIDR on the hot path is a few integer comparisons, and they are formatted only on output.
import ipaddr from 'ipaddr.js';

export type Family = 'ipv4' | 'ipv6';

/** An address as 32-bit words: one word for IPv4, four for IPv6 (network byte order, most significant first). */
export interface Addr {
  readonly family: Family;
  readonly words: readonly number[];
}

export interface Cidr {
  readonly addr: Addr;
  readonly prefix: number;
}

export class AddressError extends Error {
  override readonly name = 'AddressError';
}

function wordsOf(bytes: readonly number[]): number[] {
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    words.push(
      (((bytes[i] ?? 0) << 24) | ((bytes[i + 1] ?? 0) << 16) | ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0)) >>> 0,
    );
  }
  return words;
}

/** Parses one IPv4 or IPv6 address (no prefix). Throws AddressError on anything else. */
export function parseAddr(text: string): Addr {
  // ipaddr.isValid accepts shorthand such as "10.1" for IPv4; iptables and Kubernetes never do, so insist on four parts.
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return { family: 'ipv4', words: wordsOf(ipaddr.IPv4.parse(text).toByteArray()) };
  }
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) {
    // ipaddr.js reads the deprecated IPv4-compatible form "::a.b.c.d" as IPv4-mapped "::ffff:a.b.c.d"; iptables reads
    // it as "::" followed by the 32 bits of a.b.c.d. Spell the dotted tail as two hex groups first.
    const parsed = ipaddr.IPv6.parse(dottedTailToHex(text));
    if (parsed.zoneId) throw new AddressError(`zone ids are not allowed in an address: ${text}`);
    return { family: 'ipv6', words: wordsOf(parsed.toByteArray()) };
  }
  throw new AddressError(`not an IPv4 or IPv6 address: ${JSON.stringify(text)}`);
}

function dottedTailToHex(text: string): string {
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  if (!tail.includes('.') || !ipaddr.IPv4.isValidFourPartDecimal(tail)) return text;
  const [a, b, c, d] = ipaddr.IPv4.parse(tail).octets as [number, number, number, number];
  return `${text.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** Parses "A", "A/N" or "A/MASK" (dotted IPv4 mask, as iptables accepts). A bare address is a host route. */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const addr = parseAddr(slash < 0 ? text : text.slice(0, slash));
  const max = addr.family === 'ipv4' ? 32 : 128;
  if (slash < 0) return { addr, prefix: max };
  const suffix = text.slice(slash + 1);
  let prefix: number;
  if (/^\d{1,3}$/.test(suffix)) prefix = Number(suffix);
  else if (addr.family === 'ipv4' && ipaddr.IPv4.isValidFourPartDecimal(suffix)) {
    const p = ipaddr.IPv4.parse(suffix).prefixLengthFromSubnetMask();
    if (p === null) throw new AddressError(`not a contiguous netmask: ${suffix}`);
    prefix = p;
  } else throw new AddressError(`bad prefix length in ${JSON.stringify(text)}`);
  if (prefix > max) throw new AddressError(`prefix /${prefix} is longer than ${max} bits in ${JSON.stringify(text)}`);
  // The kernel stores the network address (127.0.0.1/8 becomes 127.0.0.0/8), so do we.
  return { addr: maskAddr(addr, prefix), prefix };
}

function maskWord(word: number, bitsLeft: number): number {
  if (bitsLeft >= 32) return word >>> 0;
  if (bitsLeft <= 0) return 0;
  return (word & (0xffffffff << (32 - bitsLeft))) >>> 0;
}

export function maskAddr(addr: Addr, prefix: number): Addr {
  return { family: addr.family, words: addr.words.map((w, i) => maskWord(w, prefix - 32 * i)) };
}

export function cidrContains(cidr: Cidr, addr: Addr): boolean {
  if (cidr.addr.family !== addr.family) return false;
  const cw = cidr.addr.words;
  const aw = addr.words;
  for (let i = 0; i < cw.length; i++) {
    const bitsLeft = cidr.prefix - 32 * i;
    if (bitsLeft <= 0) return true;
    if (maskWord(aw[i] ?? 0, bitsLeft) !== cw[i]) return false;
  }
  return true;
}

export function addrEquals(a: Addr, b: Addr): boolean {
  // A loop, not words.every: simulations compare addresses at every hop, and the callback allocates each time.
  if (a.family !== b.family) return false;
  for (let i = 0; i < a.words.length; i++) if (a.words[i] !== b.words[i]) return false;
  return true;
}

function bytesOf(addr: Addr): number[] {
  return addr.words.flatMap((w) => [(w >>> 24) & 0xff, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff]);
}

/** Canonical text: dotted quad, or RFC 5952 compressed IPv6 (as iptables-save prints it). */
export function formatAddr(addr: Addr): string {
  // A dotted quad is its four bytes in decimal; RFC 5952's zero compression is ipaddr.js's job.
  if (addr.family === 'ipv4') {
    const w = addr.words[0] ?? 0;
    return `${w >>> 24}.${(w >>> 16) & 0xff}.${(w >>> 8) & 0xff}.${w & 0xff}`;
  }
  return (ipaddr.fromByteArray(bytesOf(addr)) as ipaddr.IPv6).toRFC5952String();
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddr(cidr.addr)}/${cidr.prefix}`;
}

/** Loopback per family: 127.0.0.0/8 and ::1/128. */
export function isLoopback(addr: Addr): boolean {
  return addr.family === 'ipv4' ? addr.words[0]! >>> 24 === 127 : addrEquals(addr, LOOPBACK_V6);
}

export const LOOPBACK_V4: Addr = parseAddr('127.0.0.1');
export const LOOPBACK_V6: Addr = parseAddr('::1');

export function loopbackOf(family: Family): Addr {
  return family === 'ipv4' ? LOOPBACK_V4 : LOOPBACK_V6;
}

const SPECIAL_V4 = ['0.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4'].map(parseCidr);
const SPECIAL_V6 = ['::/128', 'ff00::/8'].map(parseCidr);

/** Unspecified, multicast, reserved and broadcast addresses: no TCP connection can be made to them. */
export function isSpecial(addr: Addr): boolean {
  return inAny(addr.family === 'ipv4' ? SPECIAL_V4 : SPECIAL_V6, addr);
}

/** Whether one of the CIDRs holds the address. A loop, not some(): simulations ask at every hop. */
function inAny(cidrs: readonly Cidr[], addr: Addr): boolean {
  for (let i = 0; i < cidrs.length; i++) if (cidrContains(cidrs[i]!, addr)) return true;
  return false;
}

const MULTICAST_OR_BROADCAST = ['224.0.0.0/4', '255.255.255.255/32', 'ff00::/8'].map(parseCidr);

/** tcp_v4_connect refuses multicast and broadcast routes with ENETUNREACH (and IPv6 multicast likewise). */
export function isMulticastOrBroadcast(addr: Addr): boolean {
  return inAny(MULTICAST_OR_BROADCAST, addr);
}

export function isUnspecified(addr: Addr): boolean {
  for (let i = 0; i < addr.words.length; i++) if (addr.words[i] !== 0) return false;
  return true;
}
