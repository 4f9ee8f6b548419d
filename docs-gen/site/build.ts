// The HTML site under generated/site/ as planned files: one page per Markdown page, the style sheet, a copy of every
// rendered SVG and of the data files the pages link (the kernel oracle's results), so the folder is complete on its
// own (copy it anywhere and every link and image resolves).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Root } from 'mdast';
import { type PlannedFile, SITE_DIR } from './files.ts';
import { pageHtml } from './html.ts';
import { htmlPath, STYLESHEET } from './layout.ts';
import type { NavSection, SitePage } from './nav.ts';
import { isDataFile } from './oracle-data.ts';
import { listFiles } from './sources.ts';

export interface SiteSource {
  readonly page: SitePage;
  /** What the page was generated from (docs-src/x.md, or the oracle's report). */
  readonly source: string;
  readonly notice: string;
  readonly tree: Root;
}

const STYLE = readFileSync(new URL(`./${STYLESHEET}`, import.meta.url), 'utf8');

export async function sitePages(sources: readonly SiteSource[], nav: readonly NavSection[]): Promise<PlannedFile[]> {
  const pages: PlannedFile[] = [];
  for (const s of sources) {
    pages.push({ path: `${SITE_DIR}/${htmlPath(s.page.output)}`, content: await pageHtml({ ...s, nav }) });
  }
  return [...pages, { path: `${SITE_DIR}/${STYLESHEET}`, content: STYLE }];
}

/** A copy of each data file at the top of generated/ (the producers write them), beside the pages that link it. */
export function siteDataFiles(outDir: string): PlannedFile[] {
  return listFiles(outDir)
    .filter(isDataFile)
    .map((f) => ({ path: `${SITE_DIR}/${f}`, content: readFileSync(join(outDir, f), 'utf8') }));
}

/** Where the site keeps its copy of a diagram's SVG (the pages link diagrams/<id>.svg relative to the site). */
export function siteSvgPath(id: string): string {
  return `${SITE_DIR}/diagrams/${id}.svg`;
}
