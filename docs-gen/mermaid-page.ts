// Code that runs inside the Chromium page, where mermaid-origin.ts has put `globalThis.mermaid`. Puppeteer ships
// `renderInPage` by its source text, so it must be self-contained: no imports, no closures, only its arguments.
import type { Mermaid, MermaidConfig } from 'mermaid';

/**
 * The same on every machine with the same fonts. `deterministicIds` replaces mermaid's random ids with a counter
 * seeded per diagram; `htmlLabels: false` draws labels as SVG `<text>` instead of HTML in `<foreignObject>`, which
 * keeps the SVG well-formed XML and lets a plain XML parser read the words (svg-check.ts relies on that).
 */
export const MERMAID_CONFIG: Readonly<MermaidConfig> = Object.freeze({
  startOnLoad: false,
  theme: 'default',
  securityLevel: 'strict',
  deterministicIds: true,
  htmlLabels: false,
  suppressErrorRendering: true,
});

export async function renderInPage(id: string, text: string, config: MermaidConfig): Promise<string> {
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
  // XMLSerializer, as mmdc does: the result is always well-formed XML, whatever markup mermaid produced.
  return new XMLSerializer().serializeToString(root);
}
