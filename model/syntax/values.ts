// Number, range and mark parsing, faithful to libxtables. Each parser returns undefined for text iptables rejects;
// the caller turns that into a 'bad-value' issue with the token's position.
import type { Range } from '../ruleset/index.ts';

export const U32_MAX = 0xffffffff;

/**
 * An unsigned integer as xtables_strtoui reads it (strtoul with base 0): `0x` hex, a leading `0` octal, otherwise
 * decimal. Signs, blanks and trailing garbage are rejected.
 */
export function parseUint(text: string, max: number = U32_MAX): number | undefined {
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = Number.parseInt(text.slice(2), 16);
  else if (/^0[0-7]*$/.test(text)) value = Number.parseInt(text, 8);
  else if (/^[1-9][0-9]*$/.test(text)) value = Number(text);
  else return undefined;
  return Number.isSafeInteger(value) && value <= max ? value : undefined;
}

export const parsePort = (text: string): number | undefined => parseUint(text, 0xffff);

/** `A`, `A<sep>B`; with `openEnds`, also `A<sep>` (up to 65535) and `<sep>B` (from 0), as libxt_tcp accepts. */
export function parsePortRange(text: string, sep: ':' | '-', openEnds = false): Range | undefined {
  const at = text.indexOf(sep);
  if (at < 0) {
    const port = parsePort(text);
    return port === undefined ? undefined : { from: port, to: port };
  }
  const lo = text.slice(0, at);
  const hi = text.slice(at + 1);
  if (!openEnds && (lo === '' || hi === '')) return undefined;
  const from = lo === '' ? 0 : parsePort(lo);
  const to = hi === '' ? 0xffff : parsePort(hi);
  if (from === undefined || to === undefined || from > to) return undefined;
  return { from, to };
}

/**
 * multiport's `a,b:c,...`: at most 15 ports, a range counting as two (XT_MULTI_PORTS in xt_multiport.h); a range
 * must be increasing ("invalid portrange specified" in libxt_multiport.c).
 */
export function parsePortList(text: string): readonly Range[] | undefined {
  const ranges: Range[] = [];
  let slots = 0;
  for (const part of text.split(',')) {
    const range = parsePortRange(part, ':');
    if (range === undefined || (part.includes(':') && range.from === range.to)) return undefined;
    ranges.push(range);
    slots += range.from === range.to ? 1 : 2;
  }
  return slots <= 15 ? ranges : undefined;
}

/** uid/gid `A` or `A-B` (libxt_owner: at most UINT32_MAX - 1, because -1 is reserved). */
export function parseIdRange(text: string): Range | undefined {
  const [lo, hi, extra] = text.split('-');
  if (extra !== undefined || lo === undefined) return undefined;
  const from = parseUint(lo, U32_MAX - 1);
  const to = hi === undefined ? from : parseUint(hi, U32_MAX - 1);
  if (from === undefined || to === undefined || from > to) return undefined;
  return { from, to };
}

export interface MarkMask {
  readonly value: number;
  readonly mask: number;
  readonly maskGiven: boolean;
}

/** `value[/mask]` as xtables_parse_mark_mask reads it; the mask defaults to all ones. */
export function parseMarkMask(text: string): MarkMask | undefined {
  const slash = text.indexOf('/');
  const value = parseUint(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? U32_MAX : parseUint(text.slice(slash + 1));
  if (value === undefined || mask === undefined) return undefined;
  return { value, mask, maskGiven: slash >= 0 };
}

export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** A port range as iptables-save prints it, with `sep` between the ends (`:` for matches, `-` for NAT targets). */
export function formatRange(range: Range, sep: ':' | '-'): string {
  return range.from === range.to ? String(range.from) : `${range.from}${sep}${range.to}`;
}
