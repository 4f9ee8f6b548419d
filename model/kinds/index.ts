export {
  bool,
  MATCH,
  type MatchKindModule,
  type MatchKindRegistry,
  type MatchOf,
  type MatchResult,
  NO_MATCH,
  UNKNOWN,
} from './match-kind.ts';
export { interfaceMatches } from './matches/interface.ts';
export { ownerWithoutSocket } from './matches/owner.ts';
export { MATCH_KINDS } from './matches/registry.ts';
