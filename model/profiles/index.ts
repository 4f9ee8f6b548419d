export { CLASSIC_PROFILE, findProfile, PROFILES, profileNamed, profileRuleset } from './profiles.ts';
export type { Profile, ProfileName } from './types.ts';
