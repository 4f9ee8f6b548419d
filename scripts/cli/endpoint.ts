// `IP`, `IP:PORT`, `[IPv6]` and `[IPv6]:PORT` from the command line, parsed once here (addresses through
// model/net/address.ts, which uses ipaddr.js). A bare IPv6 address cannot carry a port: `fd00::1:8080` is an address.
import { InvalidArgumentError } from 'commander';
import { type Addr, AddressError, type Family, formatAddr, parseAddr } from '../../model/net/index.ts';

export interface EndpointArg {
  /** The address as a value: parsed here, once. */
  readonly addr: Addr;
  readonly family: Family;
  readonly port?: number;
}

function address(text: string): { addr: Addr; family: Family } {
  try {
    const a = parseAddr(text);
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
      const example = a.family === 'ipv6' ? `[${formatAddr(a.addr)}]:8080` : `${formatAddr(a.addr)}:8080`;
      throw new InvalidArgumentError(`expected ADDRESS:PORT (e.g. ${example}), got ${JSON.stringify(text)}.`);
    }
    return a;
  }
  return { ...a, port: parsePort(port) };
}
