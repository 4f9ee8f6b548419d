// The remark pipelines every docs page goes through. Sources (docs-src/) are CommonMark + GFM tables + directives;
// the output is plain CommonMark + GFM, which GitHub, GitLab and MkDocs (Python-Markdown) all read the same way.
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';

/**
 * Fixed so that output is byte-stable. Keep `emphasis: '*'`: with '_' remark escapes the digits of `2*3*4` into
 * character references (`&#x32;_&#x33;_&#x34;`), which is unreadable in a diff.
 */
export const STRINGIFY_OPTIONS: Readonly<StringifyOptions> = Object.freeze<StringifyOptions>({
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
});

// Reads docs-src: leaf directives (`::trace{...}`) are the placeholders the generator expands.
const sourceProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).freeze();

// Reads and writes generated Markdown. No directive extension on purpose: its serializer escapes every colon that
// could start a directive (`10.250.0.3\:40001`), and Python-Markdown, which MkDocs uses, only honours backslashes
// before its own short list of characters, so it printed those backslashes. Without directives in the output there
// is nothing to protect.
const outputProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkStringify, { ...STRINGIFY_OPTIONS })
  .freeze();

/** Parses a docs-src page, directives included. */
export function parseSource(markdown: string): Root {
  return sourceProcessor.parse(markdown);
}

/** Parses generated (directive-free) Markdown. */
export function parseMarkdown(markdown: string): Root {
  return outputProcessor.parse(markdown);
}

/** Writes a tree as portable Markdown; a directive node left in the tree is an error (it has no portable form). */
export function stringifyMarkdown(tree: Root): string {
  return outputProcessor.stringify(tree);
}
