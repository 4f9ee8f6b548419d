// Errors are data: a code, a 1-based line and column, and a message. One formatter renders them with a caret.
import type { SourcePos } from '../ruleset/index.ts';
import { lineIndex, renderIssue } from './issue-report.ts';

export type IssueCode =
  | 'empty-input'
  | 'unexpected-line'
  | 'unknown-table'
  | 'unknown-option'
  | 'missing-argument'
  | 'bad-value'
  | 'missing-commit'
  | 'rule-outside-table'
  | 'unknown-chain'
  | 'duplicate-chain'
  | 'builtin-chain-policy'
  | 'undefined-chain'
  | 'chain-cycle'
  | 'illegal-option'
  | 'illegal-target'
  | 'bad-insert-position'
  | 'mixed-families'
  | 'unsupported-match'
  | 'unsupported-target'
  // nftables input (model/nft) and format detection (model/input)
  | 'syntax-error'
  | 'unknown-command'
  | 'unknown-handle'
  | 'unknown-set'
  | 'duplicate-object'
  | 'unsupported-statement'
  | 'unsupported-object'
  | 'bad-json'
  | 'mixed-formats';

export interface Issue extends SourcePos {
  readonly code: IssueCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** How many characters the caret underlines (at least 1). */
  readonly length?: number;
}

export class RulesParseError extends Error {
  override readonly name = 'RulesParseError';
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map((i) => `${i.line}:${i.column}: ${i.message}`).join('\n'));
  }
}

/**
 * Renders `file:line:col: severity[code]: message`, the offending line (clipped to a window around the column on a
 * long line) and a caret under the column. For many issues of one text, formatIssues finds the line starts once.
 */
export function formatIssue(issue: Issue, source: string, fileName: string): string {
  return renderIssue(issue, lineIndex(source), fileName);
}
