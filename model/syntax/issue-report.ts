// Error reports that stay small and linear whatever the input: the line starts are found once (not per issue), each
// excerpt is clipped to a window around the column, and at most `limit` issues are rendered (the rest are counted).
// An input of 100 MB with a million issues therefore formats in one pass and prints a few kilobytes.

/** Characters of the offending line shown around the column (the caret stays inside the window). */
const EXCERPT_WIDTH = 72;
/** Longest message shown; messages quote input words, which can be arbitrarily long. */
const MESSAGE_WIDTH = 240;

export interface LineIndex {
  /** The text of a 1-based line without its line ending ('' past the end). */
  line(n: number): string;
}

/** Scans the text once for line starts; `line(n)` is then a slice. A trailing `\r` is shown as `\r`-free text. */
export function lineIndex(source: string): LineIndex {
  const starts: number[] = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return {
    line(n) {
      const start = starts[n - 1];
      if (start === undefined) return '';
      const next = starts[n];
      let end = next === undefined ? source.length : next - 1;
      if (end > start && source.charCodeAt(end - 1) === 13) end--;
      return source.slice(start, end);
    },
  };
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** What renderIssue needs: a parse issue (./issues.ts), or anything else with a code and a position in the text. */
export interface Positioned {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  /** How many characters the caret underlines (at least 1). */
  readonly length?: number;
}

/** Renders one issue: `file:line:col: severity[code]: message`, the line (clipped around the column), a caret. */
export function renderIssue(issue: Positioned, lines: LineIndex, fileName: string): string {
  const full = lines.line(issue.line);
  const col = Math.max(0, issue.column - 1);
  // A window of EXCERPT_WIDTH characters that keeps the column about a third from its left edge.
  const from = full.length <= EXCERPT_WIDTH ? 0 : Math.max(0, Math.min(col - 24, full.length - EXCERPT_WIDTH));
  const to = Math.min(full.length, from + EXCERPT_WIDTH);
  const before = from > 0 ? '…' : '';
  const after = to < full.length ? '…' : '';
  const excerpt = `${before}${full.slice(from, to)}${after}`;
  const gutter = `${issue.line} | `;
  const caretAt = gutter.length + before.length + Math.max(0, col - from);
  const caretLen = Math.max(1, Math.min(issue.length ?? 1, to - col + after.length));
  const caret = `${' '.repeat(caretAt)}${'^'.repeat(caretLen)}`;
  const head = `${fileName}:${issue.line}:${issue.column}: ${issue.severity}[${issue.code}]: ${clip(issue.message, MESSAGE_WIDTH)}`;
  return `${head}\n${gutter}${excerpt}\n${caret}`;
}

export interface IssueReport {
  /** The rendered issues, one block each, at most `limit`. */
  readonly shown: readonly string[];
  /** How many issues were not rendered. */
  readonly omitted: number;
}

/** Renders at most `limit` issues (errors first, in input order), computing the line starts once. */
export function formatIssues(
  issues: readonly Positioned[],
  source: string,
  fileName: string,
  limit = Number.POSITIVE_INFINITY,
): IssueReport {
  const lines = lineIndex(source);
  const ordered = [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity !== 'error')];
  const count = Math.min(ordered.length, Math.max(0, limit));
  const shown: string[] = [];
  for (let k = 0; k < count; k++) shown.push(renderIssue(ordered[k]!, lines, fileName));
  return { shown, omitted: ordered.length - count };
}
