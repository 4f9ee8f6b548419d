// Code that runs inside the Chromium page, where mermaid-origin.ts has put `globalThis.mermaid`. Puppeteer ships
// `renderInPage` by its source text, so it must be self-contained: no imports, no closures, only its arguments.
import type { Mermaid, MermaidConfig } from 'mermaid';

/** Liberation Sans is metrically identical to Arial, so text measured here fits wherever the SVG is viewed. */
export const DIAGRAM_FONT = '"Liberation Sans", Arial, Helvetica, sans-serif';

/** The colour behind every diagram: labels are dark, so a dark page must not show through (the site is themed). */
export const DIAGRAM_BACKGROUND = '#ffffff';

/**
 * Byte-identical output for the same text, on every machine with the same fonts:
 * - `deterministicIds` replaces mermaid's random ids with a counter seeded per diagram;
 * - `handDrawnSeed` seeds rough.js, which draws some node shapes (the stadium `([...])` of the REDIRECT targets)
 *   even in the classic look; its default 0 means a random seed, and each render drew different curves;
 * - one named font (DIAGRAM_FONT) instead of mermaid's "trebuchet ms", verdana, arial list, whose first installed
 *   member differs between machines and changes every measured width.
 * `htmlLabels: false` draws labels as SVG `<text>` instead of HTML in `<foreignObject>`, which keeps the SVG
 * well-formed XML and lets a plain XML parser read the words (svg-check.ts relies on that). `useMaxWidth: false`
 * keeps the natural size (16 px labels): a wide diagram scrolls in its column instead of shrinking its labels.
 * Sequence messages wrap at spaces within 240 px a lifeline, so a three-actor trace is about 920 px wide and fits a
 * page column at full size (unwrapped, one message line made it 1,420 px). A single word wider than that would be
 * split by mermaid with a control character, which the XML check below refuses: the render fails, never the label.
 */
export const MERMAID_CONFIG: Readonly<MermaidConfig> = Object.freeze({
  startOnLoad: false,
  theme: 'default',
  securityLevel: 'strict',
  deterministicIds: true,
  handDrawnSeed: 1,
  fontFamily: DIAGRAM_FONT,
  themeVariables: { fontFamily: DIAGRAM_FONT, background: DIAGRAM_BACKGROUND },
  htmlLabels: false,
  flowchart: { useMaxWidth: false },
  sequence: { useMaxWidth: false, wrap: true, width: 240 },
  suppressErrorRendering: true,
});

export async function renderInPage(
  id: string,
  text: string,
  config: MermaidConfig,
  background: string,
): Promise<string> {
  const mermaid = (globalThis as unknown as { mermaid: Mermaid }).mermaid;
  mermaid.initialize({ ...config, deterministicIDSeed: id });
  const { svg } = await mermaid.render(id, text);

  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.getElementsByTagName('parsererror').length > 0) {
    throw new Error('mermaid returned an SVG that is not well-formed XML');
  }
  const root = doc.documentElement;
  if (root.getAttribute('aria-roledescription') === 'sequence') {
    // mermaid's sequence renderer numbers lifelines with a module-level counter (`actorCnt` in svgDraw) that no
    // render resets, so the second sequence diagram on a page gets actor2, root-2... where a fresh page gives
    // actor0, root-0. Shifting every number down by the smallest one makes each SVG what a fresh page renders,
    // independent of what was rendered before it.
    const pattern = /^(actor|root-)(\d+)(_popup)?$/;
    const numbered: { element: Element; prefix: string; n: number; suffix: string }[] = [];
    for (const element of Array.from(root.querySelectorAll('[id]'))) {
      const match = pattern.exec(element.id);
      if (match) numbered.push({ element, prefix: match[1] ?? '', n: Number(match[2]), suffix: match[3] ?? '' });
    }
    const base = Math.min(...numbered.map((entry) => entry.n));
    for (const entry of numbered) entry.element.id = `${entry.prefix}${entry.n - base}${entry.suffix}`;
  }
  // Opaque, as mmdc's --backgroundColor makes it: a transparent SVG shows a dark page through its dark labels.
  root.setAttribute('style', `${root.getAttribute('style') ?? ''}background-color: ${background};`.trimStart());
  // XMLSerializer, as mmdc does: the result is always well-formed XML, whatever markup mermaid produced.
  return new XMLSerializer().serializeToString(root);
}
