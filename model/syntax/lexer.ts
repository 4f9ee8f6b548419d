// Splits one line of iptables text into words, the way iptables-restore does (add_param_to_argv in
// iptables/xshared.c): words are separated by spaces or tabs; a double quote opens a quoted section in which spaces
// are kept and a backslash escapes the next character; the closing quote ends the word.

/** Where something is in the source: 1-based line and column (UTF-16 code units), and how many columns it spans. */
export interface Loc {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export interface Token extends Loc {
  /** The word after quote removal and unescaping. */
  readonly text: string;
  /** True when any part of the word was quoted: a quoted word is always a value, never an option or a `!`. */
  readonly quoted: boolean;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  /** Set when a quote is left open; the tokens before it are still returned. */
  readonly unterminatedAt?: Loc;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

export function tokenizeLine(source: string, line: number): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    while (i < source.length && isBlank(source[i]!)) i++;
    if (i >= source.length) break;
    const start = i;
    let text = '';
    let quoted = false;
    let closedByQuote = false;
    while (i < source.length && !isBlank(source[i]!) && !closedByQuote) {
      const ch = source[i]!;
      if (ch !== '"') {
        text += ch;
        i++;
        continue;
      }
      quoted = true;
      const open = i;
      i++;
      let closed = false;
      while (i < source.length) {
        const c = source[i]!;
        if (c === '\\' && i + 1 < source.length) {
          text += source[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          text += c;
          i++;
        }
      }
      if (!closed) {
        return { tokens, unterminatedAt: { line, column: open + 1, length: source.length - open } };
      }
      closedByQuote = true;
    }
    tokens.push({ text, quoted, line, column: start + 1, length: i - start });
  }
  return { tokens };
}

/** A word that getopt would treat as an option: `-x` or `--long`, unquoted (a negative number is a value). */
export function looksLikeOption(token: Token): boolean {
  return !token.quoted && /^--?[A-Za-z]/.test(token.text);
}

export function isBang(token: Token | undefined): boolean {
  return token !== undefined && !token.quoted && token.text === '!';
}

/** The span from the start of `first` to the end of `last` (both on one line). */
export function span(first: Loc, last: Loc): Loc {
  return { line: first.line, column: first.column, length: last.column + last.length - first.column };
}
