// Reading the site's sources: the docs-src pages and their titles.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

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

export function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
