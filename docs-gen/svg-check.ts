// Proves a rendered SVG is usable before it is written: well-formed XML, an <svg> root in the SVG namespace, and the
// words the diagram is about actually drawn. Reads the SVG with jsdom's XML parser, never with string matching.
import { JSDOM } from 'jsdom';

const SVG_NS = 'http://www.w3.org/2000/svg';

export type SvgProblemCode = 'not-well-formed' | 'not-svg' | 'missing-label';

export interface SvgProblem {
  readonly code: SvgProblemCode;
  readonly message: string;
}

export interface SvgCheck {
  readonly ok: boolean;
  readonly problems: readonly SvgProblem[];
}

// One window for every check: creating a JSDOM costs milliseconds, parsing with its DOMParser does not.
let sharedWindow: JSDOM['window'] | undefined;

function jsdomWindow(): JSDOM['window'] {
  sharedWindow ??= new JSDOM('').window;
  return sharedWindow;
}

function collapse(value: string): string {
  return value.split(/\s+/).filter(Boolean).join(' ');
}

/**
 * The drawn words: every text node outside <style> and <script>, joined with spaces. mermaid puts each word or line of a
 * label in its own <tspan>, so joining with spaces lets "REDIRECT 15001" match a label split over two tspans, and
 * leaving out <style> stops CSS selectors (`#id .label text`) from passing for labels.
 */
export function svgText(root: Element): string {
  const walker = root.ownerDocument.createTreeWalker(root, jsdomWindow().NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const owner = node.parentElement?.localName;
    if (owner !== 'style' && owner !== 'script') parts.push(node.nodeValue ?? '');
  }
  return collapse(parts.join(' '));
}

export function checkSvg(svg: string, expectedLabels: readonly string[]): SvgCheck {
  const doc = new (jsdomWindow().DOMParser)().parseFromString(svg, 'image/svg+xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error !== undefined) {
    const detail = collapse(error.textContent ?? '') || 'parse error';
    return { ok: false, problems: [{ code: 'not-well-formed', message: `not well-formed XML: ${detail}` }] };
  }
  const root = doc.documentElement;
  const problems: SvgProblem[] = [];
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) {
    problems.push({
      code: 'not-svg',
      message: `root element is <${root.nodeName}> in namespace ${root.namespaceURI ?? '(none)'}, expected <svg> in ${SVG_NS}`,
    });
  }
  const drawn = svgText(root);
  for (const label of expectedLabels) {
    if (!drawn.includes(collapse(label))) {
      problems.push({ code: 'missing-label', message: `label ${JSON.stringify(label)} is not in the SVG's text` });
    }
  }
  return { ok: problems.length === 0, problems };
}
