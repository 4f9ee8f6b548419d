// Splits nft text into tokens the way nft's scanner does for the part of the language rulesets use
// (src/scanner.l in nftables): `{ } ; ,` stand alone, `"…"` is one string (no escapes), `#` starts a comment to the
// end of the line, a backslash before a newline joins lines, and everything else up to a blank or one of those
// characters is a word (`127.0.0.1/32`, `:15001`, `!=`, `2001:db8::/32`, `@allowed`, `-100`).
import type { Span } from './types.ts';

export type TokenKind = 'word' | 'string' | 'punct' | 'newline' | 'comment';

export interface Token extends Span {
  readonly kind: TokenKind;
  /** The word, the string without its quotes, the punctuation character, or the comment without `#`. */
  readonly text: string;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  /** Set when a string is left open (the rest of that line is dropped). */
  readonly unterminated?: Span;
}

const PUNCT = new Set(['{', '}', ';', ',']);

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r';
}

export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  let unterminated: Span | undefined;
  const lines = text.split('\n');
  lines.forEach((source, index) => {
    const line = index + 1;
    let i = 0;
    while (i < source.length) {
      const ch = source[i]!;
      if (isBlank(ch)) {
        i++;
        continue;
      }
      const column = i + 1;
      if (ch === '\\' && source.slice(i + 1).trim() === '') return; // line continuation: no newline token
      if (ch === '#') {
        tokens.push({ kind: 'comment', text: source.slice(i + 1), line, column, length: source.length - i });
        break;
      }
      if (PUNCT.has(ch)) {
        tokens.push({ kind: 'punct', text: ch, line, column, length: 1 });
        i++;
        continue;
      }
      if (ch === '"') {
        const close = source.indexOf('"', i + 1);
        if (close < 0) {
          unterminated ??= { line, column, length: source.length - i };
          break;
        }
        tokens.push({ kind: 'string', text: source.slice(i + 1, close), line, column, length: close + 1 - i });
        i = close + 1;
        continue;
      }
      const start = i;
      while (i < source.length && !isBlank(source[i]!) && !PUNCT.has(source[i]!) && source[i] !== '"') {
        if (source[i] === '#') break;
        i++;
      }
      tokens.push({ kind: 'word', text: source.slice(start, i), line, column, length: i - start });
    }
    if (index < lines.length - 1)
      tokens.push({ kind: 'newline', text: '\n', line, column: source.length + 1, length: 1 });
  });
  return unterminated ? { tokens, unterminated } : { tokens };
}
