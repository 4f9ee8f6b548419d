import type { Issue } from '../../../model/rules/index.ts';

/** A parser issue as JSON: the code, where, and the message (`file:line:col` is the reader's to add). */
export function issueJson(i: Issue) {
  return {
    code: i.code,
    severity: i.severity,
    line: i.line,
    column: i.column,
    ...(i.length !== undefined ? { length: i.length } : {}),
    message: i.message,
  };
}
