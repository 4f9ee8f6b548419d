// An address and a port: where a socket is, or where a connection goes. The address is a value (model/net), parsed
// once where it enters (CLI options, scenario definitions, world defaults) and formatted only on output.
import { type Addr, formatAddr } from '../net/index.ts';

export interface Endpoint {
  readonly addr: Addr;
  readonly port: number;
}

/**
 * A hop's source: the address is null when the connect() failed before the kernel chose one (no address of the
 * family, a multicast destination); the port is the one the socket would have used.
 */
export interface SourceEndpoint {
  readonly addr: Addr | null;
  readonly port: number;
}

/** How an unchosen source address is written (the JSON documents and the text have always shown it so). */
export const NO_ADDRESS = '-';

export function addrText(addr: Addr | null): string {
  return addr === null ? NO_ADDRESS : formatAddr(addr);
}

/** `10.0.0.1:80`, `[fd00::1]:80`. */
export function endpointText(e: Endpoint | SourceEndpoint): string {
  const a = addrText(e.addr);
  return e.addr?.family === 'ipv6' ? `[${a}]:${e.port}` : `${a}:${e.port}`;
}

/** An endpoint as JSON: the address as canonical text (IPv6 without brackets). */
export function endpointJson(e: Endpoint | SourceEndpoint): { addr: string; port: number } {
  return { addr: addrText(e.addr), port: e.port };
}
