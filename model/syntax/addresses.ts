// Address words in rules, checked against the body's family: ip6tables refuses IPv4 addresses and vice versa.
import { type Addr, AddressError, type Cidr, type Family, parseAddr, parseCidr } from '../net/index.ts';
import { compatToHex } from './inet.ts';
import type { Token } from './lexer.ts';
import type { Report } from './report.ts';

function familyName(family: Family): string {
  return family === 'ipv4' ? 'IPv4' : 'IPv6';
}

function checkFamily<T extends { readonly family: Family }>(
  addr: T,
  text: string,
  token: Token,
  family: Family,
  report: Report,
): T | undefined {
  if (addr.family === family) return addr;
  report(
    'mixed-families',
    token,
    `${text} is an ${familyName(addr.family)} address in an ${familyName(family)} ruleset (${family === 'ipv4' ? 'iptables' : 'ip6tables'} cannot load it)`,
  );
  return undefined;
}

function explain(text: string, error: unknown): string {
  if (text.includes(',')) return `${text}: address lists expand into one rule per address; write the rules out`;
  if (error instanceof AddressError) return `${error.message} (host names are not resolved)`;
  return `bad address ${JSON.stringify(text)}`;
}

export function cidrOf(token: Token, text: string, family: Family, report: Report): Cidr | undefined {
  let cidr: Cidr;
  try {
    cidr = parseCidr(compatToHex(text));
  } catch (error) {
    report('bad-value', token, explain(text, error));
    return undefined;
  }
  return checkFamily(cidr.addr, text, token, family, report) ? cidr : undefined;
}

export function addrOf(token: Token, text: string, family: Family, report: Report): Addr | undefined {
  let addr: Addr;
  try {
    addr = parseAddr(compatToHex(text));
  } catch (error) {
    report('bad-value', token, explain(text, error));
    return undefined;
  }
  return checkFamily(addr, text, token, family, report);
}

/** True when the word is an IPv6 address or CIDR (optionally `[addr]:port` as in DNAT), for family detection. */
export function looksIpv6(text: string): boolean {
  const bracket = /^\[([^\]]+)\]/.exec(text);
  const candidate = bracket ? bracket[1]! : text.split('/')[0]!;
  if (!candidate.includes(':')) return false;
  try {
    return parseAddr(compatToHex(candidate)).family === 'ipv6';
  } catch {
    return false;
  }
}
