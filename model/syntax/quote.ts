// Writing words back so that the lexer reads them as they were.
import type { Token } from './lexer.ts';

function escapeQuoted(text: string): string {
  return `"${text.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/**
 * How iptables-save writes a free-text value such as a comment (xtables_save_string in libxtables/xtables.c): bare
 * when it is non-empty and only letters, digits, `_` and `-`; otherwise double-quoted with `"`, `\` and `'` escaped.
 */
export function saveString(text: string): string {
  return /^[A-Za-z0-9_-]+$/.test(text) ? text : escapeQuoted(text);
}

/**
 * A name (a match module, a target) as a word the lexer reads back as the same name: bare when it can be, quoted
 * when it is empty, holds a blank or a quote, or would read as an option or a `!` (`-m ""`, `-j "a b"`).
 */
export function nameWord(name: string): string {
  return name === '' || name === '!' || /[\s"]/.test(name) || /^--?[A-Za-z]/.test(name) ? escapeQuoted(name) : name;
}

/** One token as written: quoted again if it was quoted in the source, so re-reading yields the same token. */
export function tokenSource(token: Token): string {
  return token.quoted ? escapeQuoted(token.text) : token.text;
}

/** Tokens kept verbatim (unsupported matches and targets, LOG and CT options), joined by single spaces. */
export function verbatim(tokens: readonly Token[]): string {
  return tokens.map(tokenSource).join(' ');
}

/** The `! ` iptables-save writes before a negated option. */
export const bang = (negated: boolean | undefined): string => (negated ? '! ' : '');
