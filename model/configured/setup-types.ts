// What a command works with about Istio: the configuration and the version, each with its source and reason, and the
// drift of the dump from what they generate (resolved by setup.ts, or nft-setup.ts for native nftables rules); and the
// words both give for a version that came from outside the rules.
import type { CommandLine, Drift, Inference, IstioConfig, IstioVersion, VersionRange } from '../istio/index.ts';

export type VersionSource = 'given' | 'image' | 'profile' | 'rules' | 'nearest' | 'newest';

export interface SetupInput {
  /** The configuration the user gave, if any. */
  readonly config?: IstioConfig;
  /** The version the user gave (or a profile's, or the pod's image tag). */
  readonly version?: { readonly version: IstioVersion; readonly source: 'given' | 'image' | 'profile' };
  /** Which writer the rules come from: istio-iptables (the default) or Istio's native nftables backend. */
  readonly backend?: 'iptables' | 'nftables';
}

export interface Setup {
  readonly version: IstioVersion;
  readonly versionSource: VersionSource;
  /** Why this version: a sentence for the output. */
  readonly versionWhy: string;
  /** The versions whose generator writes exactly these rules from the configuration (empty when none does). */
  readonly ranges: readonly VersionRange[];
  /** The configuration in force: the given one, or the one read back from the rules (exact or nearest). */
  readonly config: IstioConfig | null;
  readonly configSource: 'given' | 'inferred' | 'nearest' | null;
  readonly commandLine: CommandLine | null;
  /** How the dump differs from what the configuration generates at the version (none when it is exact). */
  readonly drift: Drift | null;
  /** Why no configuration could be read, or what the rules cannot show. */
  readonly notes: readonly string[];
  readonly inference?: Inference;
}

/** Why a version given from outside the rules is the one in force, in a reader's words. */
export function whyGiven(given: NonNullable<SetupInput['version']>): string {
  switch (given.source) {
    case 'given':
      return `Istio ${given.version}, given with --istio-version`;
    case 'image':
      return `Istio ${given.version}, from the istio-proxy image's tag`;
    case 'profile':
      return `Istio ${given.version}, the profile's`;
    default: {
      const never: never = given.source;
      return String(never);
    }
  }
}
