// Errors are data with a place, like the rules parser's issues: a string-literal code plus file, 1-based line and
// column. The message already starts with `file:line:col` so an uncaught DocsError still points at the source.

export type DocsErrorCode =
  /** `::name` has no handler in the registry. */
  | 'unknown-directive'
  /** `:::name` blocks are not expanded: an unclosed one silently swallows the rest of the page. */
  | 'container-directive'
  /** `::name[label]`: handlers take attributes only, so a label would be dropped. */
  | 'directive-label'
  /** A handler threw; the original error is the `cause`. */
  | 'directive-failed';

export interface DocsPlace {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export class DocsError extends Error {
  override readonly name = 'DocsError';
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(
    readonly code: DocsErrorCode,
    place: DocsPlace,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${place.file}:${place.line}:${place.column}: error[${code}]: ${detail}`, options);
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
  }
}
