export { type DnsSetup, dnsCapable, dnsWorld, STUB_RESOLVER_ADDR } from './dns-world.ts';
export { NFT_PROFILE, NFT_PROFILE_NAME, type NftProfile } from './nft.ts';
export { CLASSIC_PROFILE, findProfile, PROFILES, profileNamed, profileRuleset } from './profiles.ts';
export type { Profile, ProfileName } from './types.ts';
