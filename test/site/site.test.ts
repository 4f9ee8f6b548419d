// The published site in a real browser: one Chromium for every check (test/docs/generated.test.ts proves the site
// is fresh, SVGs redrawn and compared byte for byte). Every page loads with no console error or failed request, every
// internal link and #fragment resolves, every diagram is drawn at its natural size with an opaque background, the
// navigation follows the article's six types in order, and both themes keep text readable. Two screenshots are kept
// under test-artifacts/site/ (gitignored) for a person to look at.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, chromiumMissing, DIAGRAM_BACKGROUND, launchChromium } from '../../docs-gen/index.ts';
import { skipRendering } from '../docs-gen/chromium-gate.ts';

const REPO = resolve(import.meta.dirname, '..', '..');
const SITE = join(REPO, 'generated', 'site');
const ARTIFACTS = join(REPO, 'test-artifacts', 'site');
/** A made-up origin (RFC 2606 .invalid) served from generated/site/ by request interception; nothing else loads. */
const ORIGIN = 'http://site.invalid';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

function siteFiles(dir = SITE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? siteFiles(join(dir, e.name)) : [relative(SITE, join(dir, e.name)).split(sep).join('/')],
  );
}

interface Figure {
  readonly src: string;
  readonly natural: number;
  readonly shown: number;
  readonly height: number;
  readonly alt: string;
  /** The width of the frame the diagram sits in (the page column). */
  readonly frame: number;
}

interface Visit {
  readonly problems: string[];
  readonly links: { href: string; text: string }[];
  readonly ids: string[];
  readonly figures: Figure[];
  /** Mermaid source shown as code outside a diagram figure: a diagram that was not drawn. */
  readonly undrawn: number;
}

const requested = new Set<string>();

async function serve(request: HTTPRequest): Promise<void> {
  const url = new URL(request.url());
  if (url.origin !== ORIGIN) return request.abort('blockedbyclient');
  const file = resolve(SITE, `.${decodeURIComponent(url.pathname)}`);
  requested.add(relative(SITE, file).split(sep).join('/'));
  if (relative(SITE, file).startsWith('..') || !existsSync(file)) {
    return request.respond({ status: 404, contentType: 'text/plain', body: 'not found' });
  }
  return request.respond({
    status: 200,
    contentType: TYPES[extname(file)] ?? 'application/octet-stream',
    body: await readFile(file),
  });
}

async function visit(page: Page, path: string): Promise<Visit> {
  const problems: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  };
  const onError = (e: unknown) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`);
  const onFailed = (r: HTTPRequest) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  const onResponse = (r: { status(): number; url(): string }) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    await page.goto(`${ORIGIN}/${path}`, { waitUntil: 'load' });
    const seen = await page.evaluate(async () => ({
      links: Array.from(document.querySelectorAll('a[href]'), (a) => ({
        href: (a as HTMLAnchorElement).href,
        text: a.textContent ?? '',
      })),
      ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
      figures: await Promise.all(
        Array.from(document.querySelectorAll('figure.diagram img'), async (img) => {
          const i = img as HTMLImageElement;
          await i.decode();
          const box = i.getBoundingClientRect();
          const frame = i.parentElement?.clientWidth ?? 0;
          return { src: i.src, natural: i.naturalWidth, shown: box.width, height: box.height, alt: i.alt, frame };
        }),
      ),
      undrawn: Array.from(document.querySelectorAll('pre > code.language-mermaid')).filter((c) => !c.closest('figure'))
        .length,
    }));
    return { problems, ...seen };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
}

const suite = skipRendering ? `the HTML site (SKIPPED: ${chromiumMissing()})` : 'the HTML site in Chromium';

describe.skipIf(skipRendering)(suite, () => {
  let browser: Browser;
  let page: Page;
  const pages = siteFiles()
    .filter((f) => f.endsWith('.html'))
    .sort();
  const visits = new Map<string, Visit>();

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setRequestInterception(true);
    page.on('request', (r) => void serve(r));
    for (const p of pages) visits.set(p, await visit(page, p));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has a page for every Markdown page, and each loads with no console error, page error or failed request', () => {
    expect(pages).toEqual(expect.arrayContaining(['index.html', 'errata.html', 'kernel-oracle.html', 'ports.html']));
    expect(pages.filter((p) => p.startsWith('traffic/'))).toHaveLength(7);
    for (const [p, v] of visits) expect(v.problems, p).toEqual([]);
  });

  it('every internal link resolves to a file of the site, and every #fragment to an element of its page', () => {
    const files = new Set(siteFiles());
    const broken: string[] = [];
    for (const [p, v] of visits) {
      for (const { href, text } of v.links) {
        const url = new URL(href);
        if (url.origin !== ORIGIN) {
          // Outside links are not fetched (no network); they must at least be absolute https addresses.
          if (url.protocol !== 'https:') broken.push(`${p}: ${href} (${text}) is not https`);
          continue;
        }
        const target = decodeURIComponent(url.pathname).slice(1);
        if (!files.has(target)) broken.push(`${p}: ${href} (${text}) has no file ${target}`);
        else if (url.hash && !visits.get(target)?.ids.includes(decodeURIComponent(url.hash.slice(1)))) {
          broken.push(`${p}: ${href} (${text}) has no element ${url.hash} on ${target}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('draws every diagram visibly, at its natural size, and the site carries every SVG it links', () => {
    const seen = new Set<string>();
    for (const [p, v] of visits) {
      for (const f of v.figures) {
        seen.add(decodeURIComponent(new URL(f.src).pathname).slice(1));
        expect(f.natural, `${p} ${f.src}`).toBeGreaterThan(0);
        expect(f.height, `${p} ${f.src}`).toBeGreaterThan(0);
        // Shown at 1:1, so mermaid's 16 px labels stay 16 px; a wide diagram scrolls in its frame instead.
        // (naturalWidth is the SVG's width rounded to whole pixels; the box keeps the fraction.)
        expect(Math.abs(f.shown - f.natural), `${p} ${f.src} shown ${f.shown}px wide`).toBeLessThan(1);
        expect(f.alt, `${p} ${f.src}`).not.toBe('');
        // Sequence diagrams (every trace) wrap their messages, so at full size they fit a 1280 px wide window's column.
        const svg = readFileSync(join(SITE, decodeURIComponent(new URL(f.src).pathname)), 'utf8');
        if (svg.includes('aria-roledescription="sequence"')) {
          expect(f.natural, `${p} ${f.src} in a ${f.frame}px column`).toBeLessThanOrEqual(f.frame);
        }
      }
      // Every mermaid block became a figure; the source stays only inside the figure's <details>.
      expect(v.undrawn, p).toBe(0);
    }
    const svgs = siteFiles().filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(20);
    expect([...seen].sort()).toEqual(svgs.sort());
  });

  it('gives every SVG an opaque background, so dark pages do not show through its dark labels', () => {
    for (const f of siteFiles().filter((x) => x.endsWith('.svg'))) {
      const svg = readFileSync(join(SITE, f), 'utf8');
      expect(/<svg [^>]*style="[^"]*background-color: ([^;"]+)/.exec(svg)?.[1], f).toBe(DIAGRAM_BACKGROUND);
      expect(svg, f).toContain('"Liberation Sans"');
    }
  });

  it("lists the seven traffic types (the article's six in its order, then DNS) and links the kernel oracle page and the article", async () => {
    await page.goto(`${ORIGIN}/index.html`, { waitUntil: 'load' });
    const nav = await page.$$eval('nav.site-nav a', (as) => as.map((a) => a.textContent ?? ''));
    const types = nav.filter((t) => /^Type \d/.test(t)).map((t) => Number(/^Type (\d)/.exec(t)?.[1]));
    expect(types).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const main = await page.$$eval('main a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(main).toContain(`${ORIGIN}/kernel-oracle.html`);
    expect(main).toContain(ARTICLE.url);
    expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain(ARTICLE.title);
    // Every page's footer names the article too.
    for (const [p, v] of visits)
      expect(
        v.links.map((l) => l.href),
        p,
      ).toContain(ARTICLE.url);
  });

  it('has readable light and dark themes (prefers-color-scheme), and keeps two screenshots', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const colours = async (scheme: 'light' | 'dark', path: string, shot: string) => {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(`${ORIGIN}/${path}`, { waitUntil: 'load' });
      await page.screenshot({ path: join(ARTIFACTS, shot) });
      return page.evaluate(() => {
        const luminance = (css: string) => {
          const [r = 0, g = 0, b = 0] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        };
        const html = getComputedStyle(document.documentElement);
        const frame = document.querySelector('.diagram-frame');
        return {
          page: luminance(html.backgroundColor),
          text: luminance(getComputedStyle(document.body).color),
          frame: frame ? luminance(getComputedStyle(frame).backgroundColor) : null,
        };
      });
    };
    const light = await colours('light', 'index.html', 'index-light.png');
    const dark = await colours('dark', 'traffic/remote-to-local.html', 'remote-to-local-dark.png');
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    expect(light.page).toBeGreaterThan(0.9);
    expect(light.text).toBeLessThan(0.3);
    expect(dark.page).toBeLessThan(0.1);
    expect(dark.text).toBeGreaterThan(0.8);
    // The diagram keeps its white frame on the dark page.
    expect(dark.frame).toBeGreaterThan(0.95);
    console.log(
      `site screenshots: ${join(ARTIFACTS, 'index-light.png')} and ${join(ARTIFACTS, 'remote-to-local-dark.png')}`,
    );
    expect(requested.size).toBeGreaterThan(pages.length);
  });
});
