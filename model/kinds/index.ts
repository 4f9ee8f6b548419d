export { type ConntrackDeclaration, type ConntrackUse, conntrackUseOf } from './conntrack-use.ts';
export { cidrEdges } from './constants.ts';
export {
  bool,
  type ConstantSink,
  type GenericCompiler,
  type GenericKind,
  MATCH,
  type MatchKindIptables,
  type MatchKindModule,
  type MatchKindRegistry,
  type MatchMutationKind,
  type MatchOf,
  type MatchResult,
  NO_MATCH,
  UNKNOWN,
} from './match-kind.ts';
export { interfaceMatches } from './matches/interface/kind.ts';
export { ownerWithoutSocket } from './matches/owner/kind.ts';
export { portOption } from './matches/port/iptables.ts';
export { PROTOCOLS } from './matches/protocol/iptables.ts';
export { MATCH_KINDS, matchKind } from './matches/registry.ts';
export {
  complementSpans,
  type FieldRegion,
  fieldMax,
  rangeSpan,
  type Span,
  type SymbolicField,
  sameSide,
} from './region.ts';
export type {
  ContinuingKind,
  ContinuingTarget,
  EffectKind,
  EffectResult,
  NatEffect,
  NatHost,
  TargetEdit,
  TargetEffect,
  TargetKindIptables,
  TargetKindModule,
  TargetKindRegistry,
  TargetOf,
  WorkingPacket,
} from './target-kind.ts';
export { applyContinuing, TARGET_KINDS, targetEffect, targetKind } from './targets/registry.ts';
export { UNMODELLED_TARGETS } from './targets/verbatim/iptables.ts';
