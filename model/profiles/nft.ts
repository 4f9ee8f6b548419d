// The built-in native nftables profile: the default injected sidecar's rules with Helm `global.nativeNftables`
// (tools/istio-nftables, Istio 1.27+) at the newest version, as the model's nftables generator writes them
// (model/istio/nftables/profile.ts: only the newest is claimed, the generator following istio/istio 86c9f01).
// Kept apart from PROFILES, whose rules are iptables-save text that the version pages, errata and mutation suites read.
import { defaultNftablesRules, NEWEST_VERSION } from '../istio/index.ts';
import { ISTIO_1_25 } from './istio-1.25.ts';
import type { Profile } from './types.ts';

/** A profile whose rules are an `nft -f` transaction. */
export interface NftProfile extends Omit<Profile, 'name' | 'violates' | 'notApplicable' | 'killers'> {
  readonly name: typeof NFT_PROFILE_NAME;
  readonly backend: 'nftables';
}

export const NFT_PROFILE_NAME = `istio-${NEWEST_VERSION}-nft` as const;

let text: string | undefined;

export const NFT_PROFILE: NftProfile = {
  name: NFT_PROFILE_NAME,
  version: NEWEST_VERSION,
  backend: 'nftables',
  summary: "native nftables (global.nativeNftables): the default sidecar's inet istio-proxy-nat table",
  // Envoy and pilot-agent behave as in 1.25 (the newest iptables profile, which holds through master).
  envoy: { ...ISTIO_1_25.envoy, version: NEWEST_VERSION },
  // Generated on first use: the generator is not worth running at start-up for the commands that never ask.
  get rulesText() {
    text ??= defaultNftablesRules().text;
    return text;
  },
};
