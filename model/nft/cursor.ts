// A read position in a list of tokens, shared by the rule, value and script readers.
import type { Token } from './lexer.ts';

export class Cursor {
  i = 0;
  constructor(readonly tokens: readonly Token[]) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  /** The word at offset, or undefined when that token is not a bare word. */
  word(offset = 0): string | undefined {
    const t = this.peek(offset);
    return t?.kind === 'word' ? t.text : undefined;
  }
  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'punct' && t.text === text;
  }
  /** The last token read (the first one when nothing was read yet). */
  last(): Token {
    return this.tokens[Math.max(0, Math.min(this.i, this.tokens.length) - 1)]!;
  }
}

/** The tokens as nft text: strings quoted, commas tight. */
export function textOf(tokens: readonly Token[]): string {
  return tokens
    .map((t) => (t.kind === 'string' ? `"${t.text}"` : t.text))
    .join(' ')
    .replace(/ , /g, ', ')
    .replace(/ ,/g, ',');
}
