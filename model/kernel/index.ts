export {
  CONTINUING_TARGETS,
  type CompiledChain,
  type CompiledRule,
  type CompiledRuleset,
  compileRuleset,
  targetName,
} from './compile.ts';
export { evaluateMatch, MATCH } from './match.ts';
export { type Packet, PROTO_TCP, PROTO_UDP, type RuleHit } from './packet.ts';
export { type HookVisit, localOutput, type NetHost, type PathResult, remoteInput } from './path.ts';
export type { ChainObserver, NatEffect, WorkingPacket } from './traversal-types.ts';
export { interpretTable, traverseTable } from './traverse.ts';
