import { describe, expect, it } from 'vitest';
import {
  AddressError,
  cidrContains,
  formatAddr,
  formatCidr,
  isLoopback,
  parseAddr,
  parseCidr,
} from '../../model/net/address.ts';

describe('addresses', () => {
  it('parses IPv4 and IPv6 into words', () => {
    expect(parseAddr('10.250.0.2').words).toEqual([0x0afa0002]);
    expect(parseAddr('::1').words).toEqual([0, 0, 0, 1]);
  });
  it('reads "::a.b.c.d" as iptables does (IPv4-compatible, not IPv4-mapped)', () => {
    expect(parseAddr('::127.0.0.53').words).toEqual([0, 0, 0, 0x7f000035]);
    expect(parseAddr('::ffff:10.0.0.1').words).toEqual([0, 0, 0xffff, 0x0a000001]);
  });
  it('rejects shorthand and garbage', () => {
    expect(() => parseAddr('10.1')).toThrow(AddressError);
    expect(() => parseAddr('fe80::1%eth0')).toThrow(AddressError);
    expect(() => parseCidr('10.0.0.0/33')).toThrow(AddressError);
  });
  it('stores the network address of a CIDR, as the kernel does', () => {
    expect(formatCidr(parseCidr('127.0.0.1/8'))).toBe('127.0.0.0/8');
    expect(formatCidr(parseCidr('10.0.0.0/255.255.0.0'))).toBe('10.0.0.0/16');
  });
  it('contains, per family', () => {
    expect(cidrContains(parseCidr('127.0.0.0/8'), parseAddr('127.0.0.6'))).toBe(true);
    expect(cidrContains(parseCidr('127.0.0.1/32'), parseAddr('127.0.0.6'))).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::/32'), parseAddr('2001:db8::5'))).toBe(true);
    expect(cidrContains(parseCidr('0.0.0.0/0'), parseAddr('::1'))).toBe(false);
  });
  it('formats canonically and knows loopback', () => {
    expect(formatAddr(parseAddr('2001:0db8:0:0:0:0:0:1'))).toBe('2001:db8::1');
    expect(isLoopback(parseAddr('127.9.9.9'))).toBe(true);
    expect(isLoopback(parseAddr('::1'))).toBe(true);
    expect(isLoopback(parseAddr('::2'))).toBe(false);
  });
  it('formats IPv4 as its four bytes in decimal, the whole range (no sign or leading-zero slips)', () => {
    for (const text of ['0.0.0.0', '255.255.255.255', '10.250.0.2', '128.0.0.1', '1.2.3.4', '192.168.100.200']) {
      expect(formatAddr(parseAddr(text))).toBe(text);
    }
    expect(formatAddr(parseAddr('::ffff:10.0.0.1'))).toBe('::ffff:a00:1');
  });
});
