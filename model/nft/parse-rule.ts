// The words of one rule into statements: matches (`left [op] right`), `counter`, verdicts, `jump`/`goto`,
// `redirect`, `tproxy`, and `… set …`. A construct this model does not know is kept as an `unsupported` statement
// (text as written) with a warning, never dropped: it runs up to the next word that starts a known statement.

import { Cursor, textOf } from './cursor.ts';
import { datatypeOf } from './datatypes.ts';
import type { Token } from './lexer.ts';
import { KNOWN_STARTS, readExpr, VERDICTS } from './read-expr.ts';
import { readRedirect } from './read-redirect.ts';
import { readRightSide } from './read-right.ts';
import { readTproxyTarget } from './read-tproxy.ts';
import { readInteger } from './read-value.ts';
import { type Report, spanOf } from './report.ts';
import type { NftExpr, NftOp, NftStatement, NftValue, Span } from './types.ts';

const OPS: Readonly<Record<string, NftOp>> = {
  '==': '==',
  eq: '==',
  '!=': '!=',
  ne: '!=',
  '<': '<',
  lt: '<',
  '>': '>',
  gt: '>',
  '<=': '<=',
  le: '<=',
  '>=': '>=',
  ge: '>=',
};

export interface ParsedRule {
  readonly statements: readonly NftStatement[];
  readonly comment?: string;
}

/** Everything from `start` up to (not including) the next known statement word. */
function skipUnknown(c: Cursor, start: number): void {
  c.i = start + 1;
  let depth = 0;
  while (c.peek()) {
    const t = c.peek()!;
    if (t.kind === 'punct' && t.text === '{') depth++;
    if (t.kind === 'punct' && t.text === '}') depth--;
    if (depth <= 0 && t.kind === 'word' && KNOWN_STARTS.has(t.text)) break;
    c.i++;
  }
}

function unsupported(c: Cursor, start: number, report: Report, why: string): NftStatement {
  skipUnknown(c, start);
  const tokens = c.tokens.slice(start, c.i);
  const at = spanOf(tokens[0]!, tokens.at(-1)!);
  const text = textOf(tokens);
  report(
    'unsupported-statement',
    at,
    `${why}: "${text}" is kept as written, and a verdict that depends on it is undetermined`,
    'warning',
  );
  return { kind: 'unsupported', at, text };
}

function readMatchOrSet(c: Cursor, start: number, expr: NftExpr, report: Report): NftStatement | undefined {
  const at = (): Span => spanOf(c.tokens[start]!, c.last());
  if (c.word() === 'set') {
    c.i++;
    const value = readSetValue(c, expr, report);
    return value ? { kind: 'set', at: at(), key: expr, value } : undefined;
  }
  const opWord = c.word();
  const op = opWord !== undefined ? OPS[opWord] : undefined;
  if (op) c.i++;
  const right = readRightSide(c, datatypeOf(expr), report, c.tokens[start]!);
  if (!right) return undefined;
  return { kind: 'match', at: at(), left: expr, op: op ?? right.implicitOp, right: right.value };
}

/** The value of `… set VALUE`: an expression (`ct mark set meta mark`) or a constant of the key's type. */
function readSetValue(c: Cursor, key: NftExpr, report: Report): NftValue | undefined {
  const source = readExpr(c);
  if (source) return { kind: 'expr', expr: source.expr };
  const right = readRightSide(c, datatypeOf(key), report, c.last());
  return right?.value;
}

function readStatement(c: Cursor, report: Report): NftStatement | 'comment' | undefined {
  const start = c.i;
  const first = c.next()!;
  const here = (): Span => spanOf(first, c.last());
  if (first.kind !== 'word') {
    report(
      'syntax-error',
      first,
      `unexpected ${first.kind === 'string' ? `string "${first.text}"` : `"${first.text}"`} in a rule`,
    );
    return undefined;
  }
  const w = first.text;
  if (VERDICTS.has(w)) return { kind: 'verdict', at: here(), verdict: w as 'accept' };
  if (w === 'jump' || w === 'goto') {
    const target = c.next();
    if (!target || (target.kind !== 'word' && target.kind !== 'string')) {
      report('missing-argument', first, `${w} needs a chain name`);
      return undefined;
    }
    return { kind: w, at: here(), target: target.text };
  }
  if (w === 'counter') {
    if (c.word() === 'packets' && c.word(2) === 'bytes') {
      const packets = readInteger(c.word(1) ?? '');
      const bytes = readInteger(c.word(3) ?? '');
      if (packets === undefined || bytes === undefined) {
        report('bad-value', c.peek(1) ?? first, 'counter packets and bytes must be numbers');
        return undefined;
      }
      c.i += 4;
      return { kind: 'counter', at: here(), packets, bytes };
    }
    if (c.word() === 'name') return unsupported(c, start, report, 'a named counter');
    return { kind: 'counter', at: here() };
  }
  if (w === 'redirect') return readRedirect(c, start, report, unsupported);
  if (w === 'tproxy') return readTproxyTarget(c, start, report, unsupported);
  if (w === 'comment') {
    if (c.peek()?.kind !== 'string' && c.peek()?.kind !== 'word') {
      report('missing-argument', first, 'comment needs a text');
      return undefined;
    }
    return 'comment';
  }
  c.i = start;
  const left = readExpr(c);
  if (!left) return unsupported(c, start, report, `"${w}" is not a statement this model knows`);
  if (!left.known)
    return unsupported(c, start, report, `${textOf(c.tokens.slice(start, c.i))} is not an expression this model knows`);
  if (!c.peek()) {
    report('missing-argument', here(), `${textOf(c.tokens.slice(start, c.i))} needs a value to compare with`);
    return undefined;
  }
  return readMatchOrSet(c, start, left.expr, report);
}

/** Parses the words of one rule (no newlines). Reports problems; returns what it could read. */
export function parseRule(tokens: readonly Token[], report: Report): ParsedRule {
  const c = new Cursor(tokens);
  const statements: NftStatement[] = [];
  let comment: string | undefined;
  while (c.peek()) {
    const before = c.i;
    const statement = readStatement(c, report);
    if (statement === 'comment') comment = c.next()!.text;
    else if (statement) statements.push(statement);
    else return { statements, ...(comment !== undefined ? { comment } : {}) };
    if (c.i === before) c.i++;
  }
  return { statements, ...(comment !== undefined ? { comment } : {}) };
}
