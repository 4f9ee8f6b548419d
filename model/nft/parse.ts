// The nft stage's entry: text in any of the three forms (nft list ruleset text, nft -j JSON, an nft -f script) in,
// one NftRuleset and positioned issues out. Nothing here throws except parseNftOrThrow.
import { type Issue, RulesParseError } from '../rules/index.ts';
import type { NftCommand } from './commands.ts';
import { readJson } from './json-tree.ts';
import { tokenize } from './lexer.ts';
import { parseJsonCommands } from './parse-json.ts';
import { parseScript } from './parse-script.ts';
import { replay } from './replay.ts';
import { collector, hasErrors, type Report } from './report.ts';
import type { NftFormat, NftRuleset } from './types.ts';

export interface NftParsed {
  readonly format: NftFormat;
  readonly ruleset: NftRuleset;
  readonly warnings: readonly Issue[];
}

export interface NftParseResult {
  /** Present iff no issue is an error. */
  readonly value?: NftParsed;
  readonly issues: readonly Issue[];
}

/** JSON when the first thing in the text is `{` or `[`. */
export function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** The commands of a text, before they are run, and which form it is in. */
export function readNftCommands(text: string, report: Report): { format: NftFormat; commands: readonly NftCommand[] } {
  if (looksLikeJson(text)) {
    const root = readJson(text, report);
    return { format: 'nft-json', commands: root ? parseJsonCommands(root, report) : [] };
  }
  const { tokens, unterminated } = tokenize(text);
  if (unterminated) report('syntax-error', unterminated, 'this string is never closed with "');
  const script = parseScript(tokens, report);
  return { format: script.verbs ? 'nft-script' : 'nft-ruleset', commands: script.commands };
}

export function parseNft(text: string): NftParseResult {
  const { issues, report } = collector();
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    report('empty-input', { line: 1, column: 1, length: 1 }, 'there are no rules: the text is empty or only comments');
    return { issues };
  }
  const { format, commands } = readNftCommands(text, report);
  const ruleset = replay(commands, report);
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  if (hasErrors(issues)) return { issues };
  return { value: { format, ruleset, warnings: issues.filter((i) => i.severity === 'warning') }, issues };
}

export function parseNftOrThrow(text: string): NftParsed {
  const result = parseNft(text);
  if (!result.value) throw new RulesParseError(result.issues);
  return result.value;
}
