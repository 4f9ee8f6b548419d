// One right-hand-side word read with a datatype: `127.0.0.6/32` is a prefix for `ip saddr`, `tcp` a protocol for
// `meta l4proto`, `0x539` a mark, `lo` an interface name. Both the text parsers and the JSON parser (whose strings
// are the same words) read values here, so the three input forms give the same values.
import { type Addr, AddressError, parseAddr } from './addresses.ts';
import {
  CT_STATE_BITS,
  CT_STATUS_BITS,
  type Datatype,
  INET_PROTOCOL_ALIASES,
  INET_PROTOCOLS,
  NF_PROTOS,
} from './datatypes.ts';
import { SERVICE_PORTS } from './services.ts';
import type { NftValue } from './types.ts';

export type ReadResult = { readonly value: NftValue } | { readonly error: string };

const MAX: Partial<Record<Datatype, number>> = {
  inet_service: 0xffff,
  inet_proto: 0xff,
  mark: 0xffffffff,
  uid: 0xffffffff,
  gid: 0xffffffff,
  integer: 0xffffffff,
};

/** Decimal or 0x hex, as nft's integer parser takes them. */
export function readInteger(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  if (/^0x[0-9a-f]+$/i.test(word)) return Number.parseInt(word.slice(2), 16);
  return undefined;
}

function addressOf(word: string, family: 'ipv4' | 'ipv6'): Addr | string {
  try {
    const addr = parseAddr(word);
    if (addr.family !== family) return `${word} is an ${addr.family === 'ipv4' ? 'IPv4' : 'IPv6'} address`;
    return addr;
  } catch (e) {
    if (e instanceof AddressError)
      return `${JSON.stringify(word)} is not an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address`;
    throw e;
  }
}

function readAddress(word: string, family: 'ipv4' | 'ipv6'): ReadResult {
  const slash = word.indexOf('/');
  if (slash >= 0) {
    const addr = addressOf(word.slice(0, slash), family);
    if (typeof addr === 'string') return { error: addr };
    const length = readInteger(word.slice(slash + 1));
    const max = family === 'ipv4' ? 32 : 128;
    if (length === undefined || length > max) return { error: `bad prefix length in ${word} (0 to ${max})` };
    return { value: { kind: 'prefix', addr, length } };
  }
  const addr = addressOf(word, family);
  return typeof addr === 'string' ? { error: addr } : { value: { kind: 'address', addr } };
}

function readNumber(word: string, type: Datatype): ReadResult | undefined {
  const n = readInteger(word);
  if (n === undefined) return undefined;
  const max = MAX[type] ?? 0xffffffff;
  if (n > max) return { error: `${word} is out of range for ${type} (0 to ${max})` };
  return { value: { kind: 'number', value: n } };
}

function readSymbol(word: string, table: Readonly<Record<string, number>>, type: Datatype): ReadResult {
  if (Object.hasOwn(table, word)) return { value: { kind: 'symbol', name: word } };
  return { error: `${JSON.stringify(word)} is not a ${type} (expected ${Object.keys(table).join(', ')})` };
}

/** A range `a-b` of a numeric type (ports, marks, uids). */
function readRange(word: string, type: Datatype): ReadResult | undefined {
  const m = /^([^-]+)-([^-]+)$/.exec(word);
  if (!m) return undefined;
  const from = readNumber(m[1]!, type);
  const to = readNumber(m[2]!, type);
  if (!from || !to) return undefined;
  if ('error' in from) return from;
  if ('error' in to) return to;
  return { value: { kind: 'range', from: from.value, to: to.value } };
}

/**
 * nft resolves a quoted word with the datatype like a bare one (`meta l4proto "tcp"` is tcp); only for a string type,
 * or an expression whose type this model does not know, does quoting make it a string.
 */
export function readValue(word: string, type: Datatype | undefined, quoted = false): ReadResult {
  if (type === 'ifname' || (type === undefined && quoted)) return { value: { kind: 'string', value: word } };
  switch (type) {
    case 'ipv4_addr':
    case 'ipv6_addr': {
      const family = type === 'ipv4_addr' ? 'ipv4' : 'ipv6';
      const dash = word.indexOf('-');
      if (dash > 0 && !word.includes('/')) {
        const from = readAddress(word.slice(0, dash), family);
        const to = readAddress(word.slice(dash + 1), family);
        if ('error' in from) return from;
        if ('error' in to) return to;
        return { value: { kind: 'range', from: from.value, to: to.value } };
      }
      return readAddress(word, family);
    }
    case 'inet_service':
    case 'mark':
    case 'integer':
    case 'uid':
    case 'gid': {
      const number = readNumber(word, type) ?? readRange(word, type);
      if (number) return number;
      // nft resolves a service name to its port when it reads the rule, and refuses one it cannot resolve.
      if (type === 'inet_service' && /^[A-Za-z_][\w.-]*$/.test(word)) {
        const port = Object.hasOwn(SERVICE_PORTS, word) ? SERVICE_PORTS[word] : undefined;
        if (port !== undefined) return { value: { kind: 'number', value: port } };
        return {
          error: `could not resolve service ${JSON.stringify(word)}: not in /etc/services (model/nft/services.ts)`,
        };
      }
      // User and group names are resolved by nft when it loads the rule (/etc/services, /etc/passwd,
      // /etc/group on the machine that runs nft); the name is kept as written.
      if (type !== 'mark' && type !== 'integer' && /^[A-Za-z_][\w.-]*$/.test(word)) {
        return { value: { kind: 'symbol', name: word } };
      }
      return { error: `${JSON.stringify(word)} is not a valid ${type}` };
    }
    case 'inet_proto': {
      const number = readNumber(word, type);
      if (number) return number;
      if (Object.hasOwn(INET_PROTOCOLS, word) || Object.hasOwn(INET_PROTOCOL_ALIASES, word)) {
        return { value: { kind: 'symbol', name: word } };
      }
      return {
        error: `${JSON.stringify(word)} is not a protocol name this model knows (${Object.keys(INET_PROTOCOLS).join(', ')})`,
      };
    }
    case 'nf_proto':
      return readSymbol(word, NF_PROTOS, type);
    case 'ct_state':
      return readSymbol(word, CT_STATE_BITS, type);
    case 'ct_status':
      return readSymbol(word, CT_STATUS_BITS, type);
    case 'ct_dir':
      return readSymbol(word, { original: 0, reply: 1 }, type);
    case 'iface_index':
      // Resolved to an interface index when nft loads the rule; the name is all a ruleset text has.
      return { value: { kind: 'symbol', name: word } };
    case undefined:
      return { value: { kind: 'symbol', name: word } };
    default: {
      const never: never = type;
      return never;
    }
  }
}
