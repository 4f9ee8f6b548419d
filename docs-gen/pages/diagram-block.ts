// A diagram on a page: the fenced mermaid block (GitHub and GitLab render it) and a link to the rendered SVG. The
// nodes carry the diagram in their `data`, which Markdown does not show and the HTML site turns into a figure.
import type { BlockContent } from 'mdast';
import { code, link, paragraph } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';

declare module 'mdast' {
  interface CodeData {
    /** Set on a mermaid block that has a rendered SVG under diagrams/. */
    diagram?: { readonly id: string; readonly title: string };
  }
  interface ParagraphData {
    /** The "Diagram as SVG" line under a diagram; the HTML figure carries its own links instead. */
    diagramLinks?: true;
  }
}

/** The page column a sequence diagram must fit to show at full size (942 px in a 1280 px window; site.test.ts). */
const COLUMN_PX = 942;
/** Narrowed lifelines aim lower: a message wider than its lifeline's box still widens the diagram a little. */
const NARROWED_TARGET_PX = 880;
/** The site-wide lifeline width (mermaid-page.ts). */
const SITE_WIDTH_PX = 240;
/** mermaid's default space between two lifelines' boxes, and the SVG's padding on both sides together. */
const ACTOR_MARGIN_PX = 50;
const PADDING_PX = 100;

/**
 * A sequence diagram with more lifelines than the page column holds at the site-wide 240 px (mermaid-page.ts) gets
 * narrower lifelines of its own, in Mermaid's front matter so GitHub draws it the same way: its messages wrap sooner
 * and the diagram grows taller, not wider. Other diagrams are returned unchanged.
 */
export function fitSequenceToColumn(text: string): string {
  if (!text.startsWith('sequenceDiagram\n')) return text;
  const n = text.split('\n').filter((l) => l.trimStart().startsWith('participant ')).length;
  const across = (width: number) => n * width + ACTOR_MARGIN_PX * (n - 1) + PADDING_PX;
  if (across(SITE_WIDTH_PX) <= COLUMN_PX) return text;
  const width = Math.floor((NARROWED_TARGET_PX - PADDING_PX - ACTOR_MARGIN_PX * (n - 1)) / n);
  return `---\nconfig:\n  sequence:\n    width: ${width}\n---\n${text}`;
}

/** `title` says what the diagram shows; it is the image's text alternative and caption on the site. */
export function diagramBlocks(
  ctx: PageContext,
  name: string,
  text: string,
  labels: readonly string[],
  title: string,
): BlockContent[] {
  const d = ctx.addDiagram(name, fitSequenceToColumn(text), labels);
  const block = code('mermaid', d.text.trimEnd());
  block.data = { diagram: { id: d.id, title } };
  const links = paragraph(
    link(ctx.href(`diagrams/${d.id}.svg`), 'Diagram as SVG'),
    ' (source: ',
    link(ctx.href(`diagrams/${d.id}.mmd`), `${d.id}.mmd`),
    ')',
  );
  links.data = { diagramLinks: true };
  return [block, links];
}
