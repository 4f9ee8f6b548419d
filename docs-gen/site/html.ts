// One page of the HTML site: the page's mdast tree (the same tree its Markdown is written from) through remark-rehype,
// with links to pages rewritten to .html, each rendered diagram as a figure with its SVG, heading ids as GitHub makes
// them (rehype-slug), the kernel oracle's machine-dependent region kept between the same markers as in the Markdown
// (so the freshness check sets it aside in both), and the layout around it.
import type { Comment, Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Code, Html, Paragraph, Root } from 'mdast';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkRehype, { defaultHandlers, type Options as ToHastOptions } from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { htmlPath, pageDocument, relativeHref } from './layout.ts';
import { MACHINE_END, MACHINE_START } from './machine-facts.ts';
import type { NavSection, SitePage } from './nav.ts';

export interface HtmlInput {
  readonly page: SitePage;
  readonly source: string;
  readonly notice: string;
  readonly tree: Root;
  readonly nav: readonly NavSection[];
}

/** A link to another page of the site (relative, ending in .md, maybe with a #fragment) now points at its HTML. */
function toHtmlLink(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('#')) return url;
  const [path = '', fragment] = url.split('#', 2);
  if (!path.endsWith('.md')) return url;
  return fragment === undefined ? htmlPath(path) : `${htmlPath(path)}#${fragment}`;
}

function diagramFigure(page: SitePage, node: Code, id: string, title: string): Element {
  const svg = relativeHref(page.output, `diagrams/${id}.svg`);
  return h('figure.diagram', { id: `diagram-${id}` }, [
    h('div.diagram-frame', [h('img', { src: svg, alt: title })]),
    h('figcaption', [`${title} (`, h('a', { href: svg }, 'SVG'), ')']),
    h('details', [h('summary', 'Mermaid source'), h('pre', [h('code.language-mermaid', node.value)])]),
  ]);
}

function handlers(page: SitePage): NonNullable<ToHastOptions['handlers']> {
  return {
    code(state, node: Code) {
      const d = node.data?.diagram;
      if (node.lang === 'mermaid' && d) return diagramFigure(page, node, d.id, d.title);
      return defaultHandlers.code(state, node);
    },
    html(_state, node: Html): Comment | undefined {
      // Raw HTML is not passed through; the only raw HTML a page carries is the machine region's two markers.
      if (node.value !== MACHINE_START && node.value !== MACHINE_END) return undefined;
      return { type: 'comment', value: node.value.slice('<!--'.length, -'-->'.length) };
    },
    paragraph(state, node: Paragraph) {
      // The Markdown's "Diagram as SVG (source: x.mmd)" line: the figure above already links its SVG.
      if (node.data?.diagramLinks) return undefined;
      return defaultHandlers.paragraph(state, node);
    },
  };
}

/** The page as a complete HTML document. The input tree is not changed. */
export async function pageHtml(input: HtmlInput): Promise<string> {
  const tree = structuredClone(input.tree);
  visit(tree, (node) => {
    if (node.type === 'link' || node.type === 'definition') node.url = toHtmlLink(node.url);
  });
  const hast = await unified()
    .use(remarkRehype, { handlers: handlers(input.page) })
    .use(rehypeSlug)
    .run(tree);
  // A page's content has no doctype; everything else in a root is element content.
  const content = hast.children.filter((n): n is ElementContent => n.type !== 'doctype');
  const document = pageDocument({ ...input, content });
  return `${unified().use(rehypeStringify).stringify(document)}\n`;
}
