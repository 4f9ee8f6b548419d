// One parser per kind of value, each mirroring what reads the value in Istio or in iptables: ports as iptables'
// xtables_parse_port reads them, CIDRs as Go's netip.ParsePrefix, booleans as Go's strconv.ParseBool, owners as
// libxt_owner. A parser returns the value or a reason; parse.ts adds the input the user wrote to the message.
import { AddressError, type Family, maskAddr, parseAddr } from '../addresses.ts';
import { splitList } from './split.ts';
import type { IstioCidr, OwnerRef, Selection } from './types.ts';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

/**
 * A port number. iptables reads ports with strtoul base 0 (libxtables xtables_strtoui), so a leading 0 would be read
 * as octal ("08080" is rejected); the model refuses such input rather than guess.
 */
export function parsePort(text: string): Parsed<number> {
  if (!/^(0|[1-9]\d*)$/.test(text)) {
    const why = /^0\d+$/.test(text)
      ? 'a leading 0 makes iptables read it as octal'
      : /^\s|\s$/.test(text)
        ? 'istio-iptables does not trim spaces and iptables rejects them'
        : 'expected a number from 0 to 65535';
    return fail(`${JSON.stringify(text)} is not a port number (${why})`);
  }
  const n = Number(text);
  return n <= 65535 ? ok(n) : fail(`${JSON.stringify(text)} is not a port number (above 65535)`);
}

/** A decimal number up to 2^32-1 (TPROXY mark, routing table). */
export function parseNumber(text: string): Parsed<number> {
  if (!/^(0|[1-9]\d*)$/.test(text) || Number(text) > 0xffffffff) {
    return fail(`${JSON.stringify(text)} is not a number from 0 to 4294967295`);
  }
  return ok(Number(text));
}

function each<T>(text: string, one: (item: string) => Parsed<T>): Parsed<T[]> {
  const out: T[] = [];
  for (const item of splitList(text)) {
    const r = one(item);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

export const parsePorts = (text: string): Parsed<number[]> => each(text, parsePort);

export function parsePortSelection(text: string): Parsed<Selection<number>> {
  if (text === '*') return ok({ kind: 'all' });
  const r = parsePorts(text);
  return r.ok ? ok({ kind: 'list', items: r.value }) : r;
}

const OWNER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

/** A uid/gid as `-m owner` takes it: a number (0 to 4294967294), or a user or group name resolved by iptables. */
export function parseOwner(text: string): Parsed<OwnerRef> {
  if (/^(0|[1-9]\d*)$/.test(text) && Number(text) <= 0xfffffffe) return ok({ kind: 'id', id: Number(text) });
  if (OWNER_NAME.test(text)) return ok({ kind: 'name', name: text });
  return fail(`${JSON.stringify(text)} is neither an id (0 to 4294967294) nor a user or group name`);
}

export const parseOwners = (text: string): Parsed<OwnerRef[]> => each(text, parseOwner);

export function parseGroupSelection(text: string): Parsed<Selection<OwnerRef>> {
  if (text === '*') return ok({ kind: 'all' });
  const r = parseOwners(text);
  return r.ok ? ok({ kind: 'list', items: r.value }) : r;
}

/** Go's netip.ParsePrefix: "address/bits", no bare address, no zone, bits without leading zeros; not masked. */
export function parseIstioCidr(text: string): Parsed<IstioCidr> {
  const slash = text.indexOf('/');
  if (slash < 0) return fail(`${JSON.stringify(text)} is not a CIDR (no "/bits": Go's netip.ParsePrefix needs one)`);
  const addrText = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (addrText.includes('%')) return fail(`${JSON.stringify(text)} is not a CIDR (an IPv6 zone is not allowed)`);
  let addr: ReturnType<typeof parseAddr>;
  try {
    addr = parseAddr(addrText);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    return fail(`${JSON.stringify(text)} is not a CIDR (${JSON.stringify(addrText)} is not an IP address)`);
  }
  const max = addr.family === 'ipv4' ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > max) {
    return fail(`${JSON.stringify(text)} is not a CIDR (prefix "/${bits}" is not a length from 0 to ${max})`);
  }
  const prefix = Number(bits);
  return ok({ addr, prefix, family: addr.family, cidr: { addr: maskAddr(addr, prefix), prefix } });
}

export const parseCidrs = (text: string): Parsed<IstioCidr[]> => each(text, parseIstioCidr);

export function parseCidrSelection(text: string): Parsed<Selection<IstioCidr>> {
  if (text === '*') return ok({ kind: 'all' });
  const r = parseCidrs(text);
  return r.ok ? ok({ kind: 'list', items: r.value }) : r;
}

/** An interface name as iptables' -i/-o takes it: 1 to 15 characters (IFNAMSIZ), no blank or "/", "+" as wildcard. */
export function parseInterface(text: string): Parsed<string> {
  if (text.length === 0 || text.length > 15 || /[\s/:]/.test(text)) {
    return fail(`${JSON.stringify(text)} is not an interface name (1 to 15 characters, no blank, "/" or ":")`);
  }
  return ok(text);
}

export const parseInterfaces = (text: string): Parsed<string[]> => each(text, parseInterface);

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool, which pflag uses for boolean flags and their env variables. */
export function parseGoBool(text: string): Parsed<boolean> {
  if (TRUE.has(text)) return ok(true);
  if (FALSE.has(text)) return ok(false);
  return fail(
    `${JSON.stringify(text)} is not a boolean (Go accepts 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)`,
  );
}

/** A nameserver address of the given family, kept as written: Istio appends "/32" or "/128" to the text. */
export function parseServer(text: string, family: Family): Parsed<string> {
  try {
    const addr = parseAddr(text);
    if (addr.family === family) return ok(text);
    return fail(
      `${JSON.stringify(text)} is an ${addr.family === 'ipv4' ? 'IPv4' : 'IPv6'} address, not ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`,
    );
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    return fail(`${JSON.stringify(text)} is not an IP address`);
  }
}

/** ValidateIPv4LoopbackCidr (tools/common/config/validation.go): an IPv4 loopback CIDR with a mask of 8 to 32. */
export function parseLoopbackCidr(text: string): Parsed<string> {
  const r = parseIstioCidr(text);
  if (!r.ok) return r;
  if (r.value.family !== 'ipv4' || r.value.addr.words[0]! >>> 24 !== 127) {
    return fail(`${JSON.stringify(text)} is not an IPv4 loopback CIDR (127.0.0.0/8)`);
  }
  if (r.value.prefix < 8) return fail(`${JSON.stringify(text)} has a mask of /${r.value.prefix}; Istio needs 8 to 32`);
  return ok(text);
}
