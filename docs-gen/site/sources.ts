// Reading the site's sources: the docs-src pages, their titles, and the kernel oracle's report when it exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { parseMarkdown } from '../markdown-processor.ts';
import { KERNEL_ORACLE_PAGE, type SitePage } from './nav.ts';

/** Every file under `dir`, relative to `base`, sorted. */
export function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))]))
    .sort();
}

/** The page's first level-1 heading, or `fallback`. */
export function titleOf(tree: Root, fallback: string): string {
  let title: string | null = null;
  visit(tree, 'heading', (node) => {
    if (title === null && node.depth === 1) title = mdToString(node);
  });
  return title ?? fallback;
}

/** The kernel oracle's report, written by `npm run oracle`, joins the site when it exists and no source makes it. */
export function oraclePage(outDir: string, sources: readonly string[]): { page: SitePage; tree: Root } | null {
  const path = join(outDir, KERNEL_ORACLE_PAGE);
  if (sources.includes(KERNEL_ORACLE_PAGE) || !existsSync(path)) return null;
  const tree = parseMarkdown(readFileSync(path, 'utf8'));
  return { page: { output: KERNEL_ORACLE_PAGE, title: titleOf(tree, KERNEL_ORACLE_PAGE) }, tree };
}

export function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
