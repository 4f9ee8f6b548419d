// `IP`, `IP:PORT`, `[IPv6]` and `[IPv6]:PORT` from the command line, parsed once here (addresses through
// model/net/address.ts, which uses ipaddr.js). A bare IPv6 address cannot carry a port: `fd00::1:8080` is an address.
import { InvalidArgumentError } from 'commander';
import ipaddr from 'ipaddr.js';
import { type Addr, AddressError, type Family, formatAddr, parseAddr } from '../../model/net/index.ts';

export interface EndpointArg {
  /** The address as a value: parsed here, once. */
  readonly addr: Addr;
  readonly family: Family;
  readonly port?: number;
  /** The IPv4-mapped IPv6 address the user wrote, when `addr` is the IPv4 address it maps. */
  readonly mappedFrom?: string;
}

/**
 * An IPv4-mapped IPv6 destination (::ffff:a.b.c.d) is reached over IPv4: a dual-stack socket's connect() to it
 * becomes an IPv4 connection (net/ipv6/tcp_ipv6.c, tcp_v6_connect hands it to tcp_v4_connect), so it crosses the
 * IPv4 nat OUTPUT chain (measured by the kernel oracle: the IPv4 REDIRECT counter went to 1). It is traced as IPv4.
 */
function address(text: string): { addr: Addr; family: Family; mappedFrom?: string } {
  try {
    const a = parseAddr(text);
    const canonical = formatAddr(a);
    if (a.family === 'ipv6' && ipaddr.IPv6.parse(canonical).isIPv4MappedAddress()) {
      const v4 = ipaddr.IPv6.parse(canonical).toIPv4Address().toString();
      return { addr: parseAddr(v4), family: 'ipv4', mappedFrom: text };
    }
    return { addr: a, family: a.family };
  } catch (e) {
    if (e instanceof AddressError) throw new InvalidArgumentError(`${e.message}.`);
    throw e;
  }
}

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new InvalidArgumentError(`expected a port 1-65535, got ${JSON.stringify(text)}.`);
  }
  return Number(text);
}

export function parseEndpoint(text: string, portRequired: boolean): EndpointArg {
  let host = text;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    port = bracketed[2];
  } else if (text.split(':').length === 2) {
    [host, port] = text.split(':') as [string, string];
  }
  const a = address(host);
  if (port === undefined) {
    if (portRequired) {
      const example = a.family === 'ipv6' ? bracketHint(a.addr, text) : `${formatAddr(a.addr)}:8080`;
      throw new InvalidArgumentError(`expected ADDRESS:PORT (e.g. ${example}), got ${JSON.stringify(text)}.`);
    }
    return a;
  }
  return { ...a, port: parsePort(port) };
}

/** For `fd00::3:8080`, the likely meaning `[fd00::3]:8080`; otherwise `[ADDR]:8080`. */
function bracketHint(addr: Addr, text: string): string {
  const last = text.slice(text.lastIndexOf(':') + 1);
  const rest = text.slice(0, text.lastIndexOf(':'));
  if (/^\d{2,5}$/.test(last) && Number(last) <= 65535 && rest.includes(':')) {
    try {
      return `[${formatAddr(parseAddr(rest.endsWith(':') ? `${rest}:` : rest))}]:${last}`;
    } catch {
      // not an address without its last group: fall through
    }
  }
  return `[${formatAddr(addr)}]:8080`;
}
