// The enumerated values the command line offers (profiles, invariants, tables), written out here so that building
// the command tree for `--help` or a usage error does not load the model (the profiles' rules, the invariants and
// the kernel semantics: most of the start-up time). test/cli/names.test.ts holds these lists equal to the model's.

export const PROFILE_NAMES = [
  'istio-1.4',
  'istio-1.5',
  'istio-1.8',
  'istio-1.10',
  'istio-1.11',
  'istio-1.14',
  'istio-1.18',
  'istio-1.22',
  'istio-1.25',
] as const;

export const NEWEST_PROFILE = PROFILE_NAMES.at(-1)!;

/** The native nftables profile (model/profiles/nft.ts): rules only, so not an --envoy-behaviour choice. */
export const NFT_PROFILE_NAMES = ['istio-1.31-nft'] as const;

/** Every profile whose rules --profile and `profiles --print` can name. */
export const RULES_PROFILE_NAMES = [...PROFILE_NAMES, ...NFT_PROFILE_NAMES] as const;

/** The invariants, then the dead-rules lint. */
export const INVARIANT_IDS: readonly string[] = [
  'proxy-no-loop',
  'terminates',
  'metrics-bypass',
  'local-to-local',
  'istiod-exit',
  'inbound-once',
  'outbound-once',
  'tunnel-bypass',
  'inbound-exclusions',
  'loopback-bypass',
  'app-self-bypass',
  'proxy-egress-direct',
  'outbound-exclusions',
  'outbound-inclusions',
  'inbound-ports',
  'dns-captured',
  'dns-proxy-no-loop',
  'dns-zone-consistency',
  'dns-exclusions',
  'excluded-interfaces',
  'virtual-interfaces',
  'proxy-self-inbound',
  'tproxy-gid-self-inbound',
  'uid-self-bypass',
  'owner-groups',
  'loopback-cidr',
  'dual-stack-parity',
  'capture-off',
  'drop-invalid',
  'dead-rules',
];

export const TABLE_NAMES = ['raw', 'mangle', 'nat', 'filter'] as const;
