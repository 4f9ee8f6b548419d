// ::article: names and links the article this site corrects. Its text is the project's seed; the title, publisher
// and address are the published page's (its author is not named on the copy the project could confirm, so no
// author is given here rather than a guessed one).
import type { BlockContent } from 'mdast';
import { link, paragraph } from '../mdast.ts';

export const ARTICLE = Object.freeze({
  title: 'Traffic types and iptables rules in Istio sidecar explained',
  publisher: "Tetrate's blog",
  url: 'https://tetrate.io/blog/traffic-types-and-iptables-rules-in-istio-sidecar-explained/',
});

export function articleBlocks(): BlockContent[] {
  return [
    paragraph(
      'The article these pages correct: ',
      { type: 'emphasis', children: [link(ARTICLE.url, ARTICLE.title)] },
      `, on ${ARTICLE.publisher}. It explains six traffic types through the rule numbers of ISTIO_OUTPUT; `,
      'the errata compare each of its claims with the model, per Istio version.',
    ),
  ];
}
