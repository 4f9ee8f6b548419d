export { CLASSIC_PROFILE, findProfile, PROFILES, type Profile, profileRuleset } from './profiles.ts';
