// ::page-links: links to every page of the site, and ::oracle-status: the kernel verification line.
import type { BlockContent } from 'mdast';
import { link, list, paragraph } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';

export interface SitePage {
  readonly output: string;
  readonly title: string;
}

export function linksBlocks(ctx: PageContext, pages: readonly SitePage[]): BlockContent[] {
  return [list(pages.filter((p) => p.output !== ctx.output).map((p) => link(ctx.href(p.output), p.title)))];
}

export function oracleBlocks(ctx: PageContext, kernelLine: string | null): BlockContent[] {
  return [
    paragraph(
      kernelLine
        ? `${kernelLine}, hop for hop (see `
        : 'Not yet verified against the kernel on this checkout: run npm run oracle as root (see ',
      link(ctx.href('kernel-oracle.md'), 'the kernel oracle report'),
      ').',
    ),
  ];
}
