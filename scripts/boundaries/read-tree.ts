// Reads the repository's own source files (not dependencies, generated output or fixtures) into a SourceTree.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SOURCE_EXTENSIONS, type SourceTree } from './imports.ts';

const SKIPPED = new Set(['node_modules', 'generated', 'fixtures', 'golden', 'tmp']);

export function readSourceTree(root: string): SourceTree {
  const tree = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) {
        tree.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(root);
  return new Map([...tree].sort(([a], [b]) => a.localeCompare(b)));
}
