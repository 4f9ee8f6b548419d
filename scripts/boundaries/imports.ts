// The import graph of a source tree: every static import, export-from and dynamic import() with a string literal,
// read by the TypeScript compiler's own pre-processor (`ts.preProcessFile`), so comments, strings and template
// literals that merely look like imports are never mistaken for one.
import { posix } from 'node:path';
import ts from 'typescript';

export interface Import {
  readonly from: string;
  readonly specifier: string;
  /** 1-based line of the specifier. */
  readonly line: number;
  /** The file it resolves to (relative specifiers), or undefined for packages and `node:*`. */
  readonly to: string | undefined;
}

/** A source tree: repository-relative paths (with `/`) to their text. */
export type SourceTree = ReadonlyMap<string, string>;

export const SOURCE_EXTENSIONS = ['.ts', '.mts', '.mjs', '.js'] as const;

export const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

/** The bare package a specifier names: `ipaddr.js`, `@types/node`, `node:fs` (subpaths dropped). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function importsOf(file: string, text: string): Import[] {
  const info = ts.preProcessFile(text, true, true);
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  return info.importedFiles.map((ref) => ({
    from: file,
    specifier: ref.fileName,
    line: lineOf(ref.pos),
    to: isRelative(ref.fileName) ? posix.normalize(posix.join(posix.dirname(file), ref.fileName)) : undefined,
  }));
}

export function importGraph(tree: SourceTree): Import[] {
  return [...tree].flatMap(([file, text]) => importsOf(file, text));
}
