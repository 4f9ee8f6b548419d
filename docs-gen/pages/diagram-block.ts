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

/** `title` says what the diagram shows; it is the image's text alternative and caption on the site. */
export function diagramBlocks(
  ctx: PageContext,
  name: string,
  text: string,
  labels: readonly string[],
  title: string,
): BlockContent[] {
  const d = ctx.addDiagram(name, text, labels);
  const block = code('mermaid', text.trimEnd());
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
