export {
  CONTINUING_TARGETS,
  type CompiledChain,
  type CompiledRule,
  type CompiledRuleset,
  compiledTable,
  compileRuleset,
  runOfHit,
  targetName,
} from './compile.ts';
export {
  ConntrackTable,
  type CtDirection,
  type CtEntry,
  type CtStatus,
  type CtTuple,
  invertTuple,
  tupleOf,
  tupleText,
} from './conntrack.ts';
export type { PacketConntrack } from './conntrack-hook.ts';
export { type HookEntry, NAT_MANIP, type NatManip } from './hook-order.ts';
export { evaluateMatch, MATCH } from './match.ts';
export { type Packet, PROTO_TCP, PROTO_UDP, type RuleHit, sameTable, type TableRef, tableLabel } from './packet.ts';
export { type HookVisit, localOutput, type NetHost, type PathResult, remoteInput } from './path.ts';
export {
  findRuns,
  firstCovering,
  firstInRun,
  positionsWithin,
  type RuleRun,
  type RunField,
  shadowersInRun,
} from './runs.ts';
export type { ChainObserver, NatEffect, RuleObserver, RunObserver, WorkingPacket } from './traversal-types.ts';
export { builtinChain, interpretChain, interpretTable, traverseChain, traverseTable } from './traverse.ts';
