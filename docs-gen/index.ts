export { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, CHROMIUM_PATH, chromiumAvailable } from './chromium.ts';
export { generateDocs } from './generate.ts';
export { stringifyMarkdown } from './markdown-processor.ts';
export { heading, inlineCode, list, paragraph, table } from './mdast.ts';
export { validateMermaid } from './mermaid-validate.ts';
export { counterexamplePage } from './pages/counterexample-page.ts';
export { renderSvgs, type SvgItem } from './render-svg.ts';
export { checkSvg } from './svg-check.ts';
