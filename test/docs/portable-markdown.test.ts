// The generated Markdown reads the same on GitHub and in MkDocs. GitHub follows the GFM spec, which remark
// implements; MkDocs renders with Python-Markdown (Debian's python3-markdown, with MkDocs' default extensions), which
// honours a backslash only before its own short list of characters and prints every other one. Both renderings of
// every page must show the same text, and Python-Markdown's must show no backslash outside code.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { JSDOM } from 'jsdom';
import type { Root as Mdast } from 'mdast';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { ownedElsewhere, parseMarkdown } from '../../docs-gen/index.ts';
import { inCi } from '../docs-gen/chromium-gate.ts';

const GENERATED = join(import.meta.dirname, '..', '..', 'generated');
const PYTHON = '/usr/bin/python3';
/** MkDocs' default markdown_extensions. */
const EXTENSIONS = ['toc', 'tables', 'fenced_code'];
/** Python-Markdown's ESCAPED_CHARS (markdown/core.py), plus '|' that its tables extension adds. */
const PYTHON_ESCAPES = new Set(['\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '>', '#', '+', '-', '.', '!', '|']);

function markdownFiles(dir = GENERATED): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'site' || e.name === 'diagrams' ? [] : markdownFiles(path);
    return e.name.endsWith('.md') ? [relative(GENERATED, path)] : [];
  });
}

// Every page the docs generator writes, the kernel oracle's report included (rendered from the oracle's data files).
const pages = markdownFiles()
  .filter((f) => !ownedElsewhere(f))
  .sort();

const pythonMarkdown = spawnSync(PYTHON, ['-c', 'import markdown'], { encoding: 'utf8' });
const hasPythonMarkdown = pythonMarkdown.status === 0;
const skipPython = !hasPythonMarkdown && !inCi;
const pythonSuite = skipPython
  ? `Python-Markdown renders the pages as GitHub does (SKIPPED: no Python-Markdown at ${PYTHON}; install: apt-get install -y python3-markdown)`
  : 'Python-Markdown renders the pages as GitHub does';

/** Renders Markdown texts with Python-Markdown in one process. */
function renderPython(texts: readonly string[]): string[] {
  const script = `import json, sys, markdown\nprint(json.dumps([markdown.markdown(t, extensions=${JSON.stringify(EXTENSIONS)}) for t in json.load(sys.stdin)]))`;
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`Python-Markdown failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

// Each page is parsed once (the GFM parse is the slow part), for both checks.
const trees = new Map<string, Mdast>();
function tree(page: string, text: string): Mdast {
  const cached = trees.get(page);
  if (cached) return cached;
  const parsed = parseMarkdown(text);
  trees.set(page, parsed);
  return parsed;
}

const toHast = unified().use(remarkRehype).freeze();

/** What GitHub shows: the text of the GFM rendering (remark-rehype, as remark's HTML output has it). */
function shownByGfm(t: Mdast): string {
  const parts: string[] = [];
  visit(toHast.runSync(t), 'text', (node) => {
    parts.push(node.value);
  });
  return collapse(parts.join(''));
}

// One window for every page: creating a JSDOM costs far more than parsing with its DOMParser.
const parser = new new JSDOM('').window.DOMParser();

/** What a reader of Python-Markdown's HTML sees, all of it and without code. */
function shownByPython(html: string): { all: string; prose: string } {
  const body = parser.parseFromString(html, 'text/html').body;
  const all = collapse(body.textContent ?? '');
  for (const c of Array.from(body.querySelectorAll('code, pre'))) c.remove();
  return { all, prose: collapse(body.textContent ?? '') };
}

describe('generated Markdown', () => {
  it('escapes only characters Python-Markdown also unescapes (no `\\:`)', () => {
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const text = readFileSync(join(GENERATED, page), 'utf8');
      const foreign: string[] = [];
      // An escape lives in the source of a text node; code keeps its backslashes as they are in every renderer.
      visit(tree(page, text), 'text', (node) => {
        const source = text.slice(node.position?.start.offset, node.position?.end.offset);
        for (const m of source.matchAll(/\\([!-/:-@[-`{-~])/g)) if (!PYTHON_ESCAPES.has(m[1]!)) foreign.push(m[0]);
      });
      expect(foreign, page).toEqual([]);
    }
  });
});

describe.skipIf(skipPython)(pythonSuite, () => {
  it('shows the same text as the GFM rendering, and no stray backslash, on every page', () => {
    const texts = pages.map((p) => readFileSync(join(GENERATED, p), 'utf8'));
    const python = renderPython(texts);
    pages.forEach((page, i) => {
      const py = shownByPython(python[i]!);
      expect(py.all, page).toBe(shownByGfm(tree(page, texts[i]!)));
      expect(py.prose, page).not.toContain('\\');
    });
  });

  it('would catch the old escaping: `10.250.0.3\\:40001` shows its backslash in MkDocs, not on GitHub', () => {
    const old = 'The remote pod 10.250.0.3\\:40001 connects.\n';
    const [python] = renderPython([old]);
    expect(shownByGfm(parseMarkdown(old))).toBe('The remote pod 10.250.0.3:40001 connects.');
    expect(shownByPython(python!).all).toBe('The remote pod 10.250.0.3\\:40001 connects.');
  });
});
