// The site's navigation: the start page, the seven traffic types (the article's six in its order, type 1 to 6 from
// the claims' own numbering, then DNS, which the article does not cover), then the reference pages. `::page-links` and the HTML sidebar both read this order.
import { ARTICLE_CLAIMS } from '../../model/claims/index.ts';

export interface SitePage {
  /** Relative to generated/ (the Markdown file); the HTML page has the same path with .html. */
  readonly output: string;
  readonly title: string;
}

export interface NavSection {
  readonly title: string;
  readonly pages: readonly SitePage[];
}

/** The kernel oracle's report, rendered from docs-src/kernel-oracle.md and the oracle's data files. */
export const KERNEL_ORACLE_PAGE = 'kernel-oracle.md';

const TRAFFIC_PAGES = [...ARTICLE_CLAIMS]
  .sort((a, b) => a.articleType - b.articleType)
  .map((claim) => `traffic/${claim.scenario}.md`)
  .concat(['traffic/dns.md']);

const REFERENCE_PAGES = [
  'errata.md',
  'rules.md',
  'ports.md',
  'variants.md',
  'versions.md',
  'invariants.md',
  'backends.md',
  KERNEL_ORACLE_PAGE,
];

/** Every page exactly once: known pages in their place, any other page after the reference pages, by path. */
export function siteNav(pages: readonly SitePage[]): NavSection[] {
  const byOutput = new Map(pages.map((p) => [p.output, p]));
  const take = (outputs: readonly string[]) =>
    outputs.flatMap((o) => {
      const page = byOutput.get(o);
      byOutput.delete(o);
      return page ? [page] : [];
    });
  const sections: NavSection[] = [
    { title: 'Start', pages: take(['index.md']) },
    { title: 'The seven traffic types', pages: take(TRAFFIC_PAGES) },
    { title: 'Corrections and reference', pages: take(REFERENCE_PAGES) },
  ];
  const rest = [...byOutput.values()].sort((a, b) => (a.output < b.output ? -1 : a.output > b.output ? 1 : 0));
  if (rest.length > 0) sections.push({ title: 'More pages', pages: rest });
  return sections.filter((s) => s.pages.length > 0);
}
