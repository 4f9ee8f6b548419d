export {
  CHROMIUM_ARGS,
  CHROMIUM_INSTALL_HINT,
  chromiumAvailable,
  chromiumMissing,
  findChromium,
} from './chromium.ts';
export { generateDocs } from './generate.ts';
export { parseMarkdown, stringifyMarkdown } from './markdown-processor.ts';
export { heading, inlineCode, list, paragraph, table } from './mdast.ts';
export { DIAGRAM_BACKGROUND } from './mermaid-page.ts';
export { validateMermaid } from './mermaid-validate.ts';
export { ARTICLE } from './pages/article.ts';
export { counterexamplePage } from './pages/counterexample-page.ts';
export { launchChromium, renderSvgs, type SvgItem } from './render-svg.ts';
export { ownedElsewhere } from './site/files.ts';
export { checkSvg } from './svg-check.ts';
