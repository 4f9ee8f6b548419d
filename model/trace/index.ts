export {
  type ActorId,
  type Connection,
  connectionKey,
  type Initiator,
  type OutsideActorId,
  type PodActorId,
  type StatusRequest,
} from './connection.ts';
export { describeDisposition, describeLanding, ep, hitLabel } from './describe.ts';
export { addrText, endpointJson, endpointText, NO_ADDRESS } from './endpoint.ts';
export {
  type ConnectionJson,
  connectionFromJson,
  connectionJson,
  type EndpointJson,
  type HopJson,
  type InitiatorJson,
  initiatorJson,
  type TraceJson,
  traceFromJson,
  traceToJson,
} from './json.ts';
export { loopKey } from './loop-key.ts';
export { flowchartLabel, sequenceText } from './mermaid-text.ts';
export { traceToMermaid } from './render-mermaid.ts';
export { conntrackText, renderTraceText } from './render-text.ts';
export { traceInWords } from './render-words.ts';
export { decidingRule, type HopSummary, mainChain, summarize } from './summary.ts';
export type {
  Disposition,
  Endpoint,
  Hop,
  HopActor,
  HopConntrack,
  HopReply,
  Landing,
  ListenerActorId,
  ListenerRole,
  SourceEndpoint,
  Trace,
} from './types.ts';
