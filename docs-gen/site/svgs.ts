// The bytes of every diagram's SVG: drawn in Chromium when there is one (all of them, so a check compares bytes and
// a changed font or mermaid shows up), otherwise taken from disk when their header still names the same Mermaid
// text, otherwise unknown.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { CHROMIUM_INSTALL_HINT, chromiumMissing, findChromium } from '../chromium.ts';
import { openSvgRenderer } from '../render-svg.ts';
import type { Diagram } from './context.ts';
import { svgNotice } from './files.ts';

export interface PlacedDiagram {
  readonly d: Diagram;
  /** The docs-src page it is drawn for. */
  readonly source: string;
}

export interface SvgOptions {
  /** true requires a browser, false never draws, undefined draws when a browser is there. */
  readonly svg?: boolean;
  /** Draw in this browser instead of launching one. */
  readonly browser?: Browser;
  readonly progress?: (done: number, total: number, id: string) => void;
}

export interface SvgBytes {
  /** Diagram id to the SVG file's full content, or null when it is not known (not drawn, stale on disk). */
  readonly bytes: ReadonlyMap<string, string | null>;
  /** Why SVGs were not drawn, or null when they all were. */
  readonly notDrawn: string | null;
}

function fromDisk(outDir: string, diagrams: readonly PlacedDiagram[]): Map<string, string | null> {
  return new Map(
    diagrams.map(({ d, source }) => {
      const path = join(outDir, `diagrams/${d.id}.svg`);
      const text = existsSync(path) ? readFileSync(path, 'utf8') : null;
      return [d.id, text?.startsWith(`${svgNotice(d, source)}\n`) ? text : null];
    }),
  );
}

export async function svgBytes(outDir: string, diagrams: readonly PlacedDiagram[], o: SvgOptions): Promise<SvgBytes> {
  if (diagrams.length === 0) return { bytes: new Map(), notDrawn: null };
  const browserThere = o.browser !== undefined || findChromium().found;
  if (o.svg === false) return { bytes: fromDisk(outDir, diagrams), notDrawn: '--no-svg' };
  if (!browserThere) {
    if (o.svg === true) throw new Error(`Chromium is needed to render SVGs: ${CHROMIUM_INSTALL_HINT}`);
    return { bytes: fromDisk(outDir, diagrams), notDrawn: chromiumMissing() };
  }
  const renderer = await openSvgRenderer(o.browser ? { browser: o.browser } : {});
  try {
    const svgs = await renderer.render(
      diagrams.map(({ d }) => ({ id: d.id, text: d.text })),
      o.progress ? { onProgress: o.progress } : {},
    );
    const bytes = new Map(diagrams.map(({ d, source }, i) => [d.id, `${svgNotice(d, source)}\n${svgs[i]}\n`]));
    return { bytes, notDrawn: null };
  } finally {
    await renderer.close();
  }
}
