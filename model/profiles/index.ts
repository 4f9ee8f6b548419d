export {
  CLASSIC_PROFILE,
  findProfile,
  isProfileName,
  PROFILES,
  profileNamed,
  profileRuleset,
} from './profiles.ts';
export type { InvariantFacts, Profile, ProfileName } from './types.ts';
