export { describeDisposition, describeLanding, ep, hitLabel } from './describe.ts';
export { flowchartLabel, sequenceText } from './mermaid-text.ts';
export { traceToMermaid } from './render-mermaid.ts';
export { renderTraceText, traceToJson } from './render-text.ts';
export { traceInWords } from './render-words.ts';
export { decidingRule, type HopSummary, mainChain, summarize } from './summary.ts';
export type { Disposition, Endpoint, Hop, HopActor, Landing, Trace } from './types.ts';
