// ::page-links: every page of the site, in the navigation's order and sections.
import type { BlockContent } from 'mdast';
import { link, list, paragraph } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';
import type { NavSection } from '../site/nav.ts';

export type { SitePage } from '../site/nav.ts';

export function linksBlocks(ctx: PageContext, nav: readonly NavSection[]): BlockContent[] {
  const sections = nav
    .map((s) => ({ title: s.title, pages: s.pages.filter((p) => p.output !== ctx.output) }))
    .filter((s) => s.pages.length > 0);
  return [
    list(
      sections.map((s) => ({
        blocks: [paragraph(s.title), list(s.pages.map((p) => link(ctx.href(p.output), p.title)))],
      })),
    ),
  ];
}
