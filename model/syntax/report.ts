// Every stage reports problems through one callback, so issues keep the order in which the text was read.
import type { Issue, IssueCode } from './issues.ts';
import type { Loc } from './lexer.ts';

export type Report = (code: IssueCode, at: Loc, message: string, severity?: 'error' | 'warning') => void;

export interface Collector {
  readonly issues: Issue[];
  readonly report: Report;
}

export function collector(): Collector {
  const issues: Issue[] = [];
  const report: Report = (code, at, message, severity = 'error') => {
    issues.push({ code, severity, message, line: at.line, column: at.column, length: Math.max(1, at.length) });
  };
  return { issues, report };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
