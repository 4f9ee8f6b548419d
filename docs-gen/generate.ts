// `npm run docs`: expands docs-src/**/*.md into generated/ (Markdown and .mmd), builds the HTML site in
// generated/site/ from the same trees, and draws every diagram as SVG in one browser page. With `check`, writes
// nothing and reports which generated files are stale, comparing every file byte for byte (SVGs too, when a browser
// can draw them; without one, by the Mermaid hash in their header) except the kernel oracle's machine facts.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import type { Browser } from 'puppeteer';
import { DocsError } from './errors.ts';
import { expandDirectivesToTree } from './markdown.ts';
import { parseSource, stringifyMarkdown } from './markdown-processor.ts';
import { addNotice, noticeText } from './notice.ts';
import { pageHandlers } from './pages/handlers.ts';
import { type SiteSource, siteDataFiles, sitePages, siteSvgPath } from './site/build.ts';
import { pageContext } from './site/context.ts';
import { COMMAND, mmdFile, ownedElsewhere, type PlannedFile } from './site/files.ts';
import { comparable, isMachineCopy } from './site/machine-facts.ts';
import { type SitePage, siteNav } from './site/nav.ts';
import { readSiteData } from './site/oracle-data.ts';
import { count, listFiles, titleOf } from './site/sources.ts';
import { type PlacedDiagram, svgBytes } from './site/svgs.ts';

export interface GenerateOptions {
  /** Repository root; defaults to this file's parent directory. */
  readonly root?: string;
  readonly outDir?: string;
  readonly check?: boolean;
  /** Draw SVGs: true requires Chromium, false never draws, undefined draws when Chromium is there. */
  readonly svg?: boolean;
  /** Draw in this browser instead of launching one (the site tests share one). */
  readonly browser?: Browser;
  /** The one summary line, and nothing else. */
  readonly log?: (line: string) => void;
  /** After each diagram drawn; callers show it only on a terminal. */
  readonly progress?: (done: number, total: number, id: string) => void;
}

export interface GenerateResult {
  readonly written: string[];
  readonly removed: string[];
  readonly stale: string[];
  /** 'drawn': every SVG was drawn and compared byte for byte; 'not-drawn': no browser or --no-svg. */
  readonly svg: 'drawn' | 'not-drawn';
  /** Why SVGs were not drawn (null when they were). */
  readonly notDrawn: string | null;
}

const DEFAULT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function generateDocs(options: GenerateOptions = {}): Promise<GenerateResult> {
  const root = options.root ?? DEFAULT_ROOT;
  const srcDir = join(root, 'docs-src');
  const outDir = options.outDir ?? join(root, 'generated');
  const sources = listFiles(srcDir).filter((f) => f.endsWith('.md'));
  if (sources.length === 0) throw new Error(`no Markdown sources under ${srcDir}`);
  const texts = new Map(sources.map((s) => [s, readFileSync(join(srcDir, s), 'utf8')]));
  const pages: SitePage[] = sources.map((s) => ({ output: s, title: titleOf(parseSource(texts.get(s)!), s) }));
  const nav = siteNav(pages);
  // Read once, before any page: a damaged data file stops the run with its path and the field at fault.
  const data = readSiteData(outDir);

  const planned: PlannedFile[] = [];
  const diagrams: PlacedDiagram[] = [];
  const html: SiteSource[] = [];
  for (const [i, s] of sources.entries()) {
    const source = `docs-src/${s}`;
    const ctx = pageContext(source, s);
    let tree: Root;
    try {
      tree = addNotice(
        await expandDirectivesToTree(texts.get(s)!, source, pageHandlers(ctx, nav, data)),
        source,
        COMMAND,
      );
    } catch (e) {
      if (e instanceof DocsError && e.cause instanceof Error) throw new Error(`${e.message}\n${e.cause.message}`);
      throw e;
    }
    planned.push({ path: s, content: stringifyMarkdown(tree) });
    html.push({ page: pages[i]!, source, notice: noticeText(source, COMMAND), tree });
    for (const d of ctx.diagrams) {
      planned.push(mmdFile(d, source));
      diagrams.push({ d, source });
    }
  }
  planned.push(...(await sitePages(html, nav)), ...siteDataFiles(outDir));

  const svgs = await svgBytes(outDir, diagrams, options);
  const unknown: string[] = [];
  for (const { d } of diagrams) {
    const bytes = svgs.bytes.get(d.id) ?? null;
    for (const path of [`diagrams/${d.id}.svg`, siteSvgPath(d.id)]) {
      if (bytes === null) unknown.push(path);
      else planned.push({ path, content: bytes });
    }
  }

  const existing = listFiles(outDir).filter((f) => !ownedElsewhere(f));
  const plannedPaths = new Set([...planned.map((f) => f.path), ...unknown]);
  const current = (f: PlannedFile) =>
    existsSync(join(outDir, f.path)) ? readFileSync(join(outDir, f.path), 'utf8') : null;
  const changed = planned.filter((f) => current(f) !== f.content);
  // Stale: different once machine-dependent facts are set aside (site/machine-facts.ts says why they are).
  const stalePlanned = changed.filter((f) => {
    const now = current(f);
    return !isMachineCopy(f.path) && (now === null || comparable(now) !== comparable(f.content));
  });
  const obsolete = existing.filter((f) => !plannedPaths.has(f));

  if (options.check) {
    const stale = [...stalePlanned.map((f) => f.path), ...obsolete.filter((f) => !isMachineCopy(f)), ...unknown].sort();
    return {
      written: [],
      removed: [],
      stale,
      svg: svgs.notDrawn === null ? 'drawn' : 'not-drawn',
      notDrawn: svgs.notDrawn,
    };
  }

  for (const f of changed) {
    mkdirSync(dirname(join(outDir, f.path)), { recursive: true });
    writeFileSync(join(outDir, f.path), f.content);
  }
  for (const f of obsolete) rmSync(join(outDir, f));
  const drawn =
    svgs.notDrawn === null
      ? `${count(diagrams.length, 'SVG')} drawn`
      : `SVGs not drawn (${svgs.notDrawn})${unknown.length > 0 ? `, ${count(unknown.length / 2, 'SVG')} left stale` : ''}`;
  options.log?.(
    `docs: ${count(pages.length, 'page')} as Markdown and HTML, ${count(diagrams.length, 'diagram')}; ${count(changed.length, 'file')} written, ${obsolete.length} removed, ${planned.length - changed.length} unchanged; ${drawn}`,
  );
  return {
    written: changed.map((f) => f.path),
    removed: obsolete,
    stale: [],
    svg: svgs.notDrawn === null ? 'drawn' : 'not-drawn',
    notDrawn: svgs.notDrawn,
  };
}
