// The right side of a match: one value, a comma list (`established,related`), an anonymous set `{ 53, 15008 }`,
// or a named set `@name`. Each word is read with the left side's datatype.
import type { Cursor } from './cursor.ts';
import { type Datatype, isBitmask } from './datatypes.ts';
import type { Token } from './lexer.ts';
import { VERDICTS } from './read-expr.ts';
import { readValue } from './read-value.ts';
import type { Report } from './report.ts';
import type { NftOp, NftValue } from './types.ts';

export interface RightSide {
  readonly value: NftValue;
  /** What a match without an operator means for this value: `in` for a bitmask type, else `==`. */
  readonly implicitOp: NftOp;
}

/** Words that start a statement or are a verdict, never a value (nft's parser_bison.y keywords). */
const STATEMENT_WORDS: ReadonlySet<string> = new Set([
  ...VERDICTS,
  'jump',
  'goto',
  'counter',
  'redirect',
  'tproxy',
  'comment',
  'log',
  'limit',
  'masquerade',
  'snat',
  'dnat',
  'reject',
  'queue',
  'notrack',
]);

function readOne(c: Cursor, type: Datatype | undefined, report: Report, after: Token): NftValue | undefined {
  const t = c.peek();
  if (!t || (t.kind !== 'word' && t.kind !== 'string')) {
    report('missing-argument', t ?? after, 'a value is missing here');
    return undefined;
  }
  if (t.kind === 'word' && STATEMENT_WORDS.has(t.text)) {
    // nft's grammar reserves these words: `tcp dport accept` is its "syntax error, unexpected accept".
    report('syntax-error', t, `unexpected ${t.text}: a value is missing before it`);
    return undefined;
  }
  c.i++;
  const read = readValue(t.text, type, t.kind === 'string');
  if ('error' in read) {
    report('bad-value', t, read.error);
    return undefined;
  }
  return read.value;
}

function readSet(c: Cursor, type: Datatype | undefined, report: Report): NftValue | undefined {
  const open = c.next()!;
  const elements: NftValue[] = [];
  while (!c.isPunct('}')) {
    if (!c.peek()) {
      report('syntax-error', open, 'this { is never closed');
      return undefined;
    }
    const element = readOne(c, type, report, c.last());
    if (!element) return undefined;
    elements.push(element);
    if (c.isPunct(',')) c.i++;
    else if (!c.isPunct('}')) {
      report('syntax-error', c.peek() ?? c.last(), 'expected , or } in a set');
      return undefined;
    }
  }
  c.i++;
  if (elements.length === 0) {
    report('bad-value', open, 'an anonymous set needs at least one element');
    return undefined;
  }
  return { kind: 'set', elements };
}

export function readRightSide(
  c: Cursor,
  type: Datatype | undefined,
  report: Report,
  after: Token,
): RightSide | undefined {
  const implicitOp: NftOp = isBitmask(type) ? 'in' : '==';
  if (c.isPunct('{')) {
    const value = readSet(c, type, report);
    return value ? { value, implicitOp: '==' } : undefined;
  }
  const word = c.word();
  if (word?.startsWith('@')) {
    c.i++;
    return { value: { kind: 'set-ref', name: word.slice(1) }, implicitOp: '==' };
  }
  const first = readOne(c, type, report, after);
  if (!first) return undefined;
  if (!c.isPunct(',')) return { value: first, implicitOp };
  const elements = [first];
  while (c.isPunct(',')) {
    c.i++;
    const next = readOne(c, type, report, c.last());
    if (!next) return undefined;
    elements.push(next);
  }
  return { value: { kind: 'list', elements }, implicitOp };
}
