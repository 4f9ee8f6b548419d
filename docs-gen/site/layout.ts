// The frame around every HTML page: head, header, the navigation (site order, the current page marked), the page's
// content and a footer that names the article the site corrects. Built as a hast tree, never as HTML strings.
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { ARTICLE } from '../pages/article.ts';
import type { NavSection, SitePage } from './nav.ts';

export const SITE_NAME = 'sidecar-chains';
export const STYLESHEET = 'style.css';

export interface LayoutInput {
  readonly page: SitePage;
  /** What the page was generated from, for the notice and the footer. */
  readonly source: string;
  readonly notice: string;
  readonly nav: readonly NavSection[];
  readonly content: readonly ElementContent[];
}

/** The HTML file of a page: the Markdown path with .html. */
export function htmlPath(output: string): string {
  return output.replace(/\.md$/, '.html');
}

/** Relative URL from the page at `from` (a path under the site) to `target`. */
export function relativeHref(from: string, target: string): string {
  return `${'../'.repeat(from.split('/').length - 1)}${target}`;
}

function navigation(input: LayoutInput): ElementContent {
  const href = (output: string) => relativeHref(input.page.output, htmlPath(output));
  return h('nav.site-nav', { ariaLabel: 'Pages' }, [
    ...input.nav.flatMap((section) => [
      h('h2', section.title),
      h(
        'ul',
        section.pages.map((p) =>
          h('li', [
            h('a', { href: href(p.output), ariaCurrent: p.output === input.page.output ? 'page' : undefined }, p.title),
          ]),
        ),
      ),
    ]),
  ]);
}

export function pageDocument(input: LayoutInput): Root {
  const href = (target: string) => relativeHref(input.page.output, target);
  const title = input.page.output === 'index.md' ? input.page.title : `${input.page.title} · ${SITE_NAME}`;
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { name: 'color-scheme', content: 'light dark' }),
          h('title', title),
          // An empty icon: browsers otherwise request /favicon.ico, a 404 on most static hosts and in the tests.
          h('link', { rel: 'icon', href: 'data:,' }),
          h('link', { rel: 'stylesheet', href: href(STYLESHEET) }),
        ]),
        h('body', [
          { type: 'comment', value: ` ${input.notice} ` },
          h('a.skip-link', { href: '#content' }, 'Skip to the content'),
          h('header.site-header', [
            h('a.site-name', { href: href('index.html') }, SITE_NAME),
            h('span.tagline', "How Istio's sidecar captures traffic with iptables, traced and checked"),
          ]),
          h('div.layout', [navigation(input), h('main#content', [...input.content])]),
          h('footer.site-footer', [
            h('p', [
              'These pages correct the article ',
              h('a', { href: ARTICLE.url }, ARTICLE.title),
              ` (${ARTICLE.publisher}). Every trace, table and diagram comes from the sidecar-chains model.`,
            ]),
            h('p', `Generated from ${input.source} by npm run docs.`),
          ]),
        ]),
      ]),
    ],
  };
}
