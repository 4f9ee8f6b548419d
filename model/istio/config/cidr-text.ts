// How Istio prints a CIDR it parsed. Since 1.16 (86b4f3d525a, #41332) it keeps Go's netip.Prefix and prints
// Prefix.String(): the address as written, in canonical form, not masked ("10.1.2.3/8" stays). Before, net.ParseCIDR
// returned the masked network ("10.0.0.0/8"). The kernel masks either way, so only the dry-run text differs.
import { formatAddr, maskAddr } from '../addresses.ts';
import type { IstioCidr } from './types.ts';

function goAddrString(c: IstioCidr['addr']): string {
  const w = c.words;
  // netip.Addr.String prints an IPv4-mapped IPv6 address as ::ffff:a.b.c.d.
  if (c.family === 'ipv6' && w[0] === 0 && w[1] === 0 && w[2] === 0xffff) {
    const v4 = w[3]!;
    return `::ffff:${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`;
  }
  return formatAddr(c);
}

/** netip.Prefix.String(). */
export function prefixString(c: IstioCidr): string {
  return `${goAddrString(c.addr)}/${c.prefix}`;
}

/** net.IPNet.String() of net.ParseCIDR's network (Istio before 1.16). */
export function maskedPrefixString(c: IstioCidr): string {
  return `${goAddrString(maskAddr(c.addr, c.prefix))}/${c.prefix}`;
}

/** What the user would write to get this CIDR back (the unmasked form). */
export const cidrInput = prefixString;
