// `npm run docs`: expands docs-src/**/*.md into generated/, writes every diagram as .mmd and renders them all to SVG
// in one browser page. With `check`, writes nothing and reports which generated files are stale.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toString as mdToString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { CHROMIUM_INSTALL_HINT, chromiumAvailable } from './chromium.ts';
import { DocsError } from './errors.ts';
import { expandDirectives } from './markdown.ts';
import { parseMarkdown } from './markdown-processor.ts';
import { withNotice } from './notice.ts';
import { pageHandlers } from './pages/handlers.ts';
import type { SitePage } from './pages/links.ts';
import { openSvgRenderer } from './render-svg.ts';
import { type Diagram, pageContext } from './site/context.ts';
import { COMMAND, mmdFile, ownedElsewhere, type PlannedFile, svgNotice } from './site/files.ts';
import { comparable } from './site/machine-facts.ts';
import { readSiteData } from './site/oracle-data.ts';

export interface GenerateOptions {
  /** Repository root; defaults to this file's parent directory. */
  readonly root?: string;
  readonly outDir?: string;
  readonly check?: boolean;
  /** Render SVGs: true requires Chromium, false skips, undefined renders when Chromium is there. */
  readonly svg?: boolean;
  readonly log?: (line: string) => void;
}

export interface GenerateResult {
  readonly written: string[];
  readonly removed: string[];
  readonly stale: string[];
  readonly svg: 'rendered' | 'up-to-date' | 'skipped';
}

const DEFAULT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))]))
    .sort();
}

function titleOf(markdown: string, fallback: string): string {
  let title: string | null = null;
  visit(parseMarkdown(markdown), 'heading', (node) => {
    if (title === null && node.depth === 1) title = mdToString(node);
  });
  return title ?? fallback;
}

export async function generateDocs(options: GenerateOptions = {}): Promise<GenerateResult> {
  const root = options.root ?? DEFAULT_ROOT;
  const srcDir = join(root, 'docs-src');
  const outDir = options.outDir ?? join(root, 'generated');
  const log = options.log ?? (() => {});
  const sources = listFiles(srcDir).filter((f) => f.endsWith('.md'));
  if (sources.length === 0) throw new Error(`no Markdown sources under ${srcDir}`);
  const texts = new Map(sources.map((s) => [s, readFileSync(join(srcDir, s), 'utf8')]));
  const site: SitePage[] = sources.map((s) => ({ output: s, title: titleOf(texts.get(s)!, s) }));
  // Read once, before any page: a damaged data file stops the run with its path and the field at fault.
  const data = readSiteData(outDir);

  const planned: PlannedFile[] = [];
  const diagrams: { d: Diagram; source: string }[] = [];
  for (const s of sources) {
    const source = `docs-src/${s}`;
    const ctx = pageContext(source, s);
    let body: string;
    try {
      body = await expandDirectives(texts.get(s)!, source, pageHandlers(ctx, site, data));
    } catch (e) {
      if (e instanceof DocsError && e.cause instanceof Error) throw new Error(`${e.message}\n${e.cause.message}`);
      throw e;
    }
    planned.push({ path: s, content: withNotice(body, source, COMMAND) });
    for (const d of ctx.diagrams) {
      planned.push(mmdFile(d, source));
      diagrams.push({ d, source });
    }
  }

  const existing = listFiles(outDir).filter((f) => !ownedElsewhere(f));
  const plannedPaths = new Set([...planned.map((f) => f.path), ...diagrams.map(({ d }) => `diagrams/${d.id}.svg`)]);
  const current = (f: PlannedFile) =>
    existsSync(join(outDir, f.path)) ? readFileSync(join(outDir, f.path), 'utf8') : null;
  const changed = planned.filter((f) => current(f) !== f.content);
  // Stale: different once machine-dependent regions are set aside (site/machine-facts.ts says why they are).
  const stalePlanned = changed.filter((f) => {
    const now = current(f);
    return now === null || comparable(now) !== comparable(f.content);
  });
  const obsolete = existing.filter((f) => !plannedPaths.has(f));
  const staleSvgs = diagrams.filter(({ d, source }) => {
    const path = join(outDir, `diagrams/${d.id}.svg`);
    return !existsSync(path) || !readFileSync(path, 'utf8').startsWith(svgNotice(d, source));
  });

  if (options.check) {
    const stale = [
      ...stalePlanned.map((f) => f.path),
      ...obsolete,
      ...staleSvgs.map(({ d }) => `diagrams/${d.id}.svg`),
    ].sort();
    return { written: [], removed: [], stale, svg: staleSvgs.length === 0 ? 'up-to-date' : 'skipped' };
  }

  for (const f of changed) {
    mkdirSync(dirname(join(outDir, f.path)), { recursive: true });
    writeFileSync(join(outDir, f.path), f.content);
  }
  for (const f of obsolete) rmSync(join(outDir, f));
  log(`docs: ${planned.length} files planned, ${changed.length} written, ${obsolete.length} removed`);

  let svg: GenerateResult['svg'] = 'up-to-date';
  if (staleSvgs.length > 0) {
    const wanted = options.svg ?? chromiumAvailable() !== null;
    if (!wanted || chromiumAvailable() === null) {
      if (options.svg === true) throw new Error(`Chromium is needed to render SVGs: ${CHROMIUM_INSTALL_HINT}`);
      log(
        `docs: ${staleSvgs.length} SVGs not rendered (no Chromium); Markdown and .mmd are written. For SVGs: ${CHROMIUM_INSTALL_HINT}`,
      );
      svg = 'skipped';
    } else {
      const renderer = await openSvgRenderer();
      try {
        const svgs = await renderer.render(
          staleSvgs.map(({ d }) => ({ id: d.id, text: d.text })),
          { onProgress: (done, total, id) => log(`docs: rendered ${done}/${total} ${id}`) },
        );
        staleSvgs.forEach(({ d, source }, i) => {
          writeFileSync(join(outDir, `diagrams/${d.id}.svg`), `${svgNotice(d, source)}\n${svgs[i]}\n`);
        });
      } finally {
        await renderer.close();
      }
      svg = 'rendered';
    }
  }
  return { written: changed.map((f) => f.path), removed: obsolete, stale: [], svg };
}
