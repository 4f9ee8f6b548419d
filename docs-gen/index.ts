export * from '../model/trace/mermaid-text.ts';
export * from './chromium.ts';
export * from './errors.ts';
export * from './markdown.ts';
export * from './markdown-processor.ts';
export * from './mdast.ts';
export * from './mermaid-validate.ts';
export * from './notice.ts';
export {
  openSvgRenderer,
  type RenderOptions,
  renderSvgs,
  type SvgItem,
  SvgRenderError,
  type SvgRenderer,
} from './render-svg.ts';
export * from './svg-check.ts';
