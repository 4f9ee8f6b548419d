// Every nft stage reports problems through one callback, as the iptables parser does (model/rules/report.ts), into
// the Issue shape of the rules stage so that one formatter renders both.
import type { Issue, IssueCode } from '../rules/index.ts';
import type { Span } from './types.ts';

export type Report = (code: IssueCode, at: Span, message: string, severity?: 'error' | 'warning') => void;

export function collector(): { readonly issues: Issue[]; readonly report: Report } {
  const issues: Issue[] = [];
  const report: Report = (code, at, message, severity = 'error') => {
    issues.push({ code, severity, message, line: at.line, column: at.column, length: Math.max(1, at.length) });
  };
  return { issues, report };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** The span from the start of `first` to the end of `last` (on first's line when they differ). */
export function spanOf(first: Span, last: Span): Span {
  if (first.line !== last.line) return first;
  return { line: first.line, column: first.column, length: last.column + last.length - first.column };
}
