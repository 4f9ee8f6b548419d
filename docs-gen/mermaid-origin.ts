// Serves mermaid's ES-module build to the page from node_modules, through request interception on a made-up origin.
// Why not `addScriptTag(mermaid.min.js)`: that bundle carries every diagram type (3.5 MB) and compiling it was the
// largest single cost of a batch (2.3-4.5 s of ~5-9 s, measured with scripts/bench-render.ts on this 2-core machine).
// The ES build is a 30 kB entry that imports only the chunks a diagram needs, and renders byte-identical SVGs.
// mmdc loads mermaid the same way (@mermaid-js/mermaid-cli src/puppeteerIntercept.js): Chromium will not import ES
// modules from file:// URLs, and a real HTTP server would need a port. Every other request is aborted, so the page
// never reaches the network or the rest of the file system.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer';

/** `.invalid` is reserved (RFC 2606): should interception ever fail, the name cannot resolve to anything. */
export const MERMAID_ORIGIN = 'http://mermaid.invalid';

const BLANK_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body></body></html>';

const distDir = dirname(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.esm.min.mjs'));

/** The file under mermaid's dist directory that `url` names, or null for anything else. */
export function distFile(url: string): string | null {
  const parsed = new URL(url);
  if (parsed.origin !== MERMAID_ORIGIN || !parsed.pathname.endsWith('.mjs')) return null;
  const file = resolve(distDir, `.${decodeURIComponent(parsed.pathname)}`);
  const inside = relative(distDir, file);
  return inside.startsWith('..') || inside.startsWith(sep) ? null : file;
}

async function answer(request: HTTPRequest): Promise<void> {
  const url = request.url();
  if (url === `${MERMAID_ORIGIN}/`) return request.respond({ status: 200, contentType: 'text/html', body: BLANK_PAGE });
  const file = distFile(url);
  if (file === null) return request.abort('blockedbyclient');
  try {
    return await request.respond({ status: 200, contentType: 'text/javascript', body: await readFile(file) });
  } catch {
    return request.respond({ status: 404, contentType: 'text/plain', body: 'not found' });
  }
}

/** Opens a blank page on MERMAID_ORIGIN and sets `globalThis.mermaid` to the ES build's default export. */
export async function loadMermaid(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    void answer(request);
  });
  await page.goto(`${MERMAID_ORIGIN}/`);
  // A string, not a function: test runners rewrite `import()` inside functions they transform (vitest turns it into
  // `__vi_ssr_dynamic_import__`), and that rewritten text would then run in the browser.
  await page.evaluate(`import('/mermaid.esm.min.mjs').then((module) => { globalThis.mermaid = module.default; })`);
}
