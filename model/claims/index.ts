export { ARTICLE_CLAIMS, type Claim } from './article.ts';
export { describeActual, judgeClaim } from './compare.ts';
