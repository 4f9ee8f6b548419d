// Renders many mermaid diagrams in ONE Chromium and ONE page: starting the browser and loading mermaid cost seconds,
// a render ~50 ms, so the seconds are paid once per batch (mmdc pays them per diagram: 20 diagrams took 105 s with mmdc
// against ~5 s this way; `npm run bench:render` measures both).
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { CHROMIUM_ARGS, chromiumMissing, findChromium } from './chromium.ts';
import { loadMermaid } from './mermaid-origin.ts';
import { DIAGRAM_BACKGROUND, MERMAID_CONFIG, renderInPage } from './mermaid-page.ts';

export interface SvgItem {
  /** The SVG's id and its deterministic-id seed: a letter, then letters, digits, `-` or `_` (it is used in CSS). */
  readonly id: string;
  readonly text: string;
}

export interface RenderOptions {
  readonly onProgress?: (done: number, total: number, id: string) => void;
}

export interface SvgRenderer {
  /** Renders in order; each SVG depends only on its id and text, not on what this page rendered before. */
  render(items: readonly SvgItem[], opts?: RenderOptions): Promise<string[]>;
  close(): Promise<void>;
}

export class SvgRenderError extends Error {
  override readonly name = 'SvgRenderError';
  constructor(
    readonly id: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`diagram ${id}: ${detail}`, options);
  }
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

function checkIds(items: readonly SvgItem[]): void {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (!ID.test(id)) throw new SvgRenderError(id, 'id must be a letter followed by letters, digits, "-" or "_"');
    if (seen.has(id)) throw new SvgRenderError(id, 'id is used twice; ids must be unique across a batch');
    seen.add(id);
  }
}

async function renderOn(page: Page, items: readonly SvgItem[], opts: RenderOptions): Promise<string[]> {
  checkIds(items);
  const svgs: string[] = [];
  for (const { id, text } of items) {
    try {
      svgs.push(await page.evaluate(renderInPage, id, text, { ...MERMAID_CONFIG }, DIAGRAM_BACKGROUND));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SvgRenderError(id, reason, { cause: error });
    }
    opts.onProgress?.(svgs.length, items.length, id);
  }
  return svgs;
}

/** Launches the system Chromium (chromium.ts finds it), headless; throws with the install hint when there is none. */
export async function launchChromium(): Promise<Browser> {
  const lookup = findChromium();
  if (!lookup.found) throw new Error(chromiumMissing());
  return puppeteer.launch({ executablePath: lookup.path, headless: true, args: [...CHROMIUM_ARGS] });
}

/**
 * Loads mermaid once in one page; reuse the renderer for several batches, then close it. Given a browser, the
 * renderer opens its page there and close() closes only that page (the site tests share one browser); otherwise it
 * launches its own and close() ends it.
 */
export async function openSvgRenderer(options: { readonly browser?: Browser } = {}): Promise<SvgRenderer> {
  const browser = options.browser ?? (await launchChromium());
  const own = options.browser === undefined;
  const end = async (page: Page | undefined) => {
    if (own) await browser.close();
    else await page?.close();
  };
  let page: Page | undefined;
  try {
    page = await browser.newPage();
    await loadMermaid(page);
    const opened = page;
    return { render: (items, opts = {}) => renderOn(opened, items, opts), close: () => end(opened) };
  } catch (error) {
    await end(page);
    throw error;
  }
}

/** One browser, one page, every diagram: returns the SVGs in the order of `items`. */
export async function renderSvgs(items: readonly SvgItem[], opts: RenderOptions = {}): Promise<string[]> {
  checkIds(items);
  const renderer = await openSvgRenderer();
  try {
    return await renderer.render(items, opts);
  } finally {
    await renderer.close();
  }
}
