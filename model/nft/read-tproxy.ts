// `tproxy [ip|ip6] to [addr][:port]` (nftables' tproxy statement; [addr]:port with brackets for IPv6).
import { type Addr, AddressError, parseAddr } from './addresses.ts';
import type { Cursor } from './cursor.ts';
import { readInteger } from './read-value.ts';
import { type Report, spanOf } from './report.ts';
import type { NftStatement } from './types.ts';

type Unsupported = (c: Cursor, start: number, report: Report, why: string) => NftStatement;

function split(target: string): { addr?: string; port?: string } {
  const portOnly = /^:(\d+)$/.exec(target);
  if (portOnly) return { port: portOnly[1]! };
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (bracket) return { addr: bracket[1]!, ...(bracket[2] ? { port: bracket[2] } : {}) };
  const v4 = /^([\d.]+)(?::(\d+))?$/.exec(target);
  if (v4) return { addr: v4[1]!, ...(v4[2] ? { port: v4[2] } : {}) };
  return { addr: target };
}

export function readTproxyTarget(
  c: Cursor,
  start: number,
  report: Report,
  unsupported: Unsupported,
): NftStatement | undefined {
  const first = c.tokens[start]!;
  let family: 'ip' | 'ip6' | undefined;
  if (c.word() === 'ip' || c.word() === 'ip6') family = c.next()!.text as 'ip' | 'ip6';
  if (c.word() !== 'to') return unsupported(c, start, report, 'tproxy without "to"');
  c.i++;
  const target = c.next();
  if (target?.kind !== 'word') {
    report('missing-argument', c.last(), 'tproxy to needs an address, a port, or both (":15006")');
    return undefined;
  }
  const parts = split(target.text);
  let port: number | undefined;
  if (parts.port !== undefined) {
    port = readInteger(parts.port);
    if (port === undefined || port > 0xffff) {
      report('bad-value', target, `${parts.port} is not a port`);
      return undefined;
    }
  }
  let addr: Addr | undefined;
  if (parts.addr !== undefined) {
    try {
      addr = parseAddr(parts.addr);
    } catch (e) {
      if (!(e instanceof AddressError)) throw e;
      report('bad-value', target, `${JSON.stringify(parts.addr)} is not an address`);
      return undefined;
    }
    if (family && (addr.family === 'ipv4') !== (family === 'ip')) {
      report('bad-value', target, `tproxy ${family} to an ${addr.family === 'ipv4' ? 'IPv4' : 'IPv6'} address`);
      return undefined;
    }
  }
  return {
    kind: 'tproxy',
    at: spanOf(first, c.last()),
    ...(family ? { family } : {}),
    ...(addr ? { addr } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}
