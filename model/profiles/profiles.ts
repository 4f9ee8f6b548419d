// The built-in Istio version profiles: each pairs a version's default sidecar rules with that version's Envoy and
// pilot-agent behaviour. The classic chain of the article is istio-1.10.

import type { EnvoyBehaviour } from '../pod/index.ts';
import { parseDumpOrThrow, type Ruleset } from '../rules/index.ts';
import { ISTIO_1_4_RULES } from './rules/istio-1.4.ts';
import { ISTIO_1_5_RULES } from './rules/istio-1.5.ts';
import { ISTIO_1_8_RULES } from './rules/istio-1.8.ts';
import { ISTIO_1_10_RULES } from './rules/istio-1.10.ts';
import { ISTIO_1_11_RULES } from './rules/istio-1.11.ts';
import { ISTIO_1_14_RULES } from './rules/istio-1.14.ts';
import { ISTIO_1_18_RULES } from './rules/istio-1.18.ts';
import { ISTIO_1_22_RULES } from './rules/istio-1.22.ts';
import { ISTIO_1_25_RULES } from './rules/istio-1.25.ts';

export interface Profile {
  /** Stable id, e.g. "istio-1.10". */
  readonly name: string;
  readonly version: string;
  readonly summary: string;
  readonly rulesText: string;
  readonly envoy: EnvoyBehaviour;
}

const LEGACY_INBOUND = { inboundUpstream: 'localhost', agentProbe: 'localhost' } as const;
const MODERN_INBOUND = { inboundUpstream: 'bind-127.0.0.6', agentProbe: 'bind-127.0.0.6' } as const;

export const PROFILES: readonly Profile[] = [
  {
    name: 'istio-1.4',
    version: '1.4',
    summary: '6-rule ISTIO_OUTPUT; any-uid loopback traffic to a non-127.0.0.1 address goes to 15006; 15090 captured',
    rulesText: ISTIO_1_4_RULES,
    envoy: { version: '1.4', ...LEGACY_INBOUND, excludedInboundPorts: [22, 15020], tunnelPort: null, healthPort: null },
  },
  {
    name: 'istio-1.5',
    version: '1.5',
    summary: 'the 9-rule ISTIO_OUTPUT of the article; inbound clusters target 127.0.0.1',
    rulesText: ISTIO_1_5_RULES,
    envoy: {
      version: '1.5',
      ...LEGACY_INBOUND,
      excludedInboundPorts: [22, 15090, 15020],
      tunnelPort: null,
      healthPort: null,
    },
  },
  {
    name: 'istio-1.8',
    version: '1.8',
    summary: 'adds the 15008 tunnel and 15021 health exclusions',
    rulesText: ISTIO_1_8_RULES,
    envoy: {
      version: '1.8',
      ...LEGACY_INBOUND,
      excludedInboundPorts: [15008, 22, 15090, 15021, 15020],
      tunnelPort: 15008,
      healthPort: 15021,
    },
  },
  ...(['1.10', '1.11'] as const).map((version) => ({
    name: `istio-${version}`,
    version,
    summary:
      version === '1.10'
        ? "the article's classic chain: Envoy reaches the application from 127.0.0.6"
        : 'same rules and behaviour as 1.10',
    rulesText: version === '1.10' ? ISTIO_1_10_RULES : ISTIO_1_11_RULES,
    envoy: {
      version,
      ...MODERN_INBOUND,
      excludedInboundPorts: [15008, 22, 15090, 15021, 15020],
      tunnelPort: 15008,
      healthPort: 15021,
    },
  })),
  ...(
    [
      ['1.14', ISTIO_1_14_RULES, 'SSH port 22 no longer excluded'],
      ['1.18', ISTIO_1_18_RULES, 'rules 2 and 5 stop redirecting the 15008 tunnel port'],
      ['1.22', ISTIO_1_22_RULES, 'same rules as 1.18'],
      ['1.25', ISTIO_1_25_RULES, 'OUTPUT jumps to ISTIO_OUTPUT for every protocol, not only TCP'],
    ] as const
  ).map(([version, rulesText, summary]) => ({
    name: `istio-${version}`,
    version,
    summary,
    rulesText,
    envoy: {
      version,
      ...MODERN_INBOUND,
      excludedInboundPorts: [15008, 15090, 15021, 15020],
      tunnelPort: 15008,
      healthPort: 15021,
    },
  })),
];

export const CLASSIC_PROFILE = 'istio-1.10';

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}

const parsed = new Map<string, Ruleset>();

/** The profile's IPv4 nat ruleset, parsed once. */
export function profileRuleset(profile: Profile): Ruleset {
  let rs = parsed.get(profile.name);
  if (!rs) {
    const dump = parseDumpOrThrow(profile.rulesText);
    rs = dump.rulesets[0]!;
    parsed.set(profile.name, rs);
  }
  return rs;
}
