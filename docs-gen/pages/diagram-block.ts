// A diagram on a page: the fenced mermaid block (GitHub and GitLab render it) and a link to the rendered SVG.
import type { BlockContent } from 'mdast';
import { code, link, paragraph } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';

export function diagramBlocks(ctx: PageContext, name: string, text: string, labels: readonly string[]): BlockContent[] {
  const d = ctx.addDiagram(name, text, labels);
  return [
    code('mermaid', text.trimEnd()),
    paragraph(
      link(ctx.href(`diagrams/${d.id}.svg`), 'Diagram as SVG'),
      ' (source: ',
      link(ctx.href(`diagrams/${d.id}.mmd`), `${d.id}.mmd`),
      ')',
    ),
  ];
}
