// ::page-links: links to every page of the site.
import type { BlockContent } from 'mdast';
import { link, list } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';

export interface SitePage {
  readonly output: string;
  readonly title: string;
}

export function linksBlocks(ctx: PageContext, pages: readonly SitePage[]): BlockContent[] {
  return [list(pages.filter((p) => p.output !== ctx.output).map((p) => link(ctx.href(p.output), p.title)))];
}
