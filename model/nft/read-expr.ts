// The left side of a match or `… set` statement (`meta KEY`, an unqualified meta key, `ct [dir] KEY`, `PROTO FIELD`),
// and the words that start a statement, which bound an unsupported construct.
import type { Cursor } from './cursor.ts';
import { datatypeOf, PAYLOAD_PROTOCOLS, payloadDatatype, UNQUALIFIED_META_KEYS } from './datatypes.ts';
import type { NftExpr } from './types.ts';

export const VERDICTS: ReadonlySet<string> = new Set(['accept', 'drop', 'continue', 'return']);

/**
 * Words that start a statement: the ones this parser reads, and other nft statements and expressions (src/parser_bison.y)
 * so that two unsupported constructs in a row stay two. An unsupported construct ends before one of them.
 */
const OTHER_STARTS = [
  'fib',
  'log',
  'notrack',
  'limit',
  'reject',
  'masquerade',
  'snat',
  'dnat',
  'queue',
  'quota',
  'dup',
  'fwd',
  'xt',
  'socket',
  'ether',
  'icmp',
  'icmpv6',
  'vlan',
  'rt',
  'numgen',
  'osf',
  'synproxy',
  'flow',
  'sctp',
  'dccp',
];
export const KNOWN_STARTS: ReadonlySet<string> = new Set([
  ...OTHER_STARTS,
  'counter',
  ...VERDICTS,
  'jump',
  'goto',
  'redirect',
  'tproxy',
  'meta',
  'ct',
  'comment',
  ...PAYLOAD_PROTOCOLS,
  ...UNQUALIFIED_META_KEYS,
]);

/** The left side of a match or set statement at the cursor, or undefined (cursor unmoved) if it is not one. */
export function readExpr(c: Cursor): { expr: NftExpr; known: boolean } | undefined {
  const w = c.word();
  if (w === undefined) return undefined;
  if (w === 'meta' && c.word(1) !== undefined) {
    c.i += 2;
    const expr: NftExpr = { kind: 'meta', key: c.last().text };
    return { expr, known: datatypeOf(expr) !== undefined };
  }
  if (UNQUALIFIED_META_KEYS.has(w)) {
    c.i += 1;
    return { expr: { kind: 'meta', key: w }, known: true };
  }
  if (w === 'ct' && c.word(1) !== undefined) {
    c.i += 1;
    let dir: 'original' | 'reply' | undefined;
    if ((c.word() === 'original' || c.word() === 'reply') && c.word(1) !== undefined && c.word(1) !== 'set') {
      dir = c.next()!.text as 'original' | 'reply';
    }
    const key = c.next()!.text;
    const expr: NftExpr = dir ? { kind: 'ct', key, dir } : { kind: 'ct', key };
    return { expr, known: datatypeOf(expr) !== undefined };
  }
  if (PAYLOAD_PROTOCOLS.has(w) && c.word(1) !== undefined) {
    c.i += 2;
    const field = c.last().text;
    return { expr: { kind: 'payload', protocol: w, field }, known: payloadDatatype(w, field) !== undefined };
  }
  return undefined;
}
