// Shared reading helpers for nft scripts: statements end at a newline or `;` outside braces, `# handle N` comments
// carry the kernel's handles in `nft -a list ruleset` output, and `[family] name` prefixes object references.
import { Cursor } from './cursor.ts';
import type { Token } from './lexer.ts';
import type { Report } from './report.ts';
import { NFT_FAMILIES, type NftFamily } from './types.ts';

export class ScriptCursor extends Cursor {
  /** Skips newlines, `;` and comments. */
  skipBlank(): void {
    while (this.peek() && (this.peek()!.kind === 'newline' || this.peek()!.kind === 'comment' || this.isPunct(';'))) {
      this.i++;
    }
  }

  atEnd(): boolean {
    const t = this.peek();
    return (
      !t || t.kind === 'newline' || t.kind === 'comment' || (t.kind === 'punct' && (t.text === ';' || t.text === '}'))
    );
  }

  /**
   * The tokens up to the end of the statement: a newline, `;` or an unmatched `}` outside braces (left unread), or a
   * comment (read: its `# handle N` is returned). Newlines inside braces are dropped; a `{` still open at the end of
   * the text is returned as `unclosed`.
   */
  takeStatement(): { tokens: Token[]; handle?: number; unclosed?: Token } {
    const tokens: Token[] = [];
    const open: Token[] = [];
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      if (t.kind === 'comment') {
        this.i++;
        const handle = handleOf(t);
        if (depth === 0) return handle === undefined ? { tokens } : { tokens, handle };
        continue;
      }
      if (t.kind === 'newline') {
        if (depth === 0) break;
        this.i++;
        continue;
      }
      if (t.kind === 'punct' && t.text === '{') {
        depth++;
        open.push(t);
      }
      if (t.kind === 'punct' && t.text === '}') {
        if (depth === 0) break;
        depth--;
        open.pop();
      }
      if (t.kind === 'punct' && t.text === ';' && depth === 0) break;
      tokens.push(t);
      this.i++;
    }
    return open.length > 0 ? { tokens, unclosed: open[0]! } : { tokens };
  }

  /** A `# handle N` comment right here (same line), read; else undefined and nothing read. */
  handleComment(): number | undefined {
    const t = this.peek();
    if (t?.kind !== 'comment') return undefined;
    this.i++;
    return handleOf(t);
  }

  /** Expects a word or a string (names may be quoted); reports and returns undefined otherwise. */
  name(report: Report, what: string): Token | undefined {
    const t = this.peek();
    if (t && (t.kind === 'word' || t.kind === 'string')) {
      this.i++;
      return t;
    }
    report('missing-argument', t ?? this.last(), `${what} is missing`);
    return undefined;
  }

  /** `[family]`: a family keyword when another name follows it; nft's default family is ip. */
  family(): NftFamily {
    const w = this.word();
    const after = this.peek(1);
    if (
      w !== undefined &&
      (NFT_FAMILIES as readonly string[]).includes(w) &&
      after &&
      (after.kind === 'word' || after.kind === 'string')
    ) {
      this.i++;
      return w as NftFamily;
    }
    return 'ip';
  }

  expectPunct(text: string, report: Report): boolean {
    if (this.isPunct(text)) {
      this.i++;
      return true;
    }
    report('syntax-error', this.peek() ?? this.last(), `expected "${text}"`);
    return false;
  }
}

export function handleOf(comment: Token): number | undefined {
  const m = /^\s*handle (\d+)\s*$/.exec(comment.text);
  return m ? Number(m[1]) : undefined;
}
