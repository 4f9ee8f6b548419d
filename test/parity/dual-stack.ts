// A golden configuration's dual-stack pod for the parity tests: its iptables or native nftables golden, both families'
// rules in one world, and each family's intent from the configuration (as `check --config` scopes them).
import { configuredWorldOptions, intentOf, type NameTable } from '../../model/configured/index.ts';
import { checkWorld, type Intent } from '../../model/invariants/index.ts';
import { NEWEST_VERSION } from '../../model/istio/index.ts';
import type { Family } from '../../model/net/index.ts';
import { nftRulesets, parseNftOrThrow } from '../../model/nft/index.ts';
import { makeWorld, type World } from '../../model/pod/index.ts';
import { parseDumpOrThrow, type Ruleset } from '../../model/rules/index.ts';
import { goldenConfig, readGolden } from '../istio/helpers.ts';
import { golden as readNftGolden } from '../nft/fixtures.ts';

/** The golden configurations that enable IPv6 (ENABLE_INBOUND_IPV6 true in test/fixtures/istio/configs). */
export const DUAL_STACK_GOLDENS = [
  'dns-uid-gid',
  'ipv6-dns-outbound-owner-groups',
  'ipv6-empty-inbound-ports',
  'ipv6-inbound-ports',
  'ipv6-ipnets',
  'ipv6-outbound-ports',
] as const;

/** ipv6-dns-outbound-owner-groups names the group java: a gid for it, so its rules are decided. */
export const NAMES: NameTable = { groups: new Map([['java', 1001]]), users: new Map() };

export interface DualStackPod {
  readonly world: World;
  readonly rulesets: Readonly<Record<Family, Ruleset>>;
  readonly intents: Readonly<Record<Family, Intent>>;
}

function rulesetsOf(name: string, backend: 'iptables' | 'nftables'): Record<Family, Ruleset> {
  if (backend === 'nftables') {
    const { ipv4, ipv6 } = nftRulesets(parseNftOrThrow(readNftGolden(name)).ruleset);
    return { ipv4, ipv6 };
  }
  const all = parseDumpOrThrow(readGolden(name), { names: NAMES }).rulesets;
  const of = (f: Family) => {
    const rs = all.find((r) => r.family === f);
    if (!rs) throw new Error(`${name}.golden has no ${f} rules`);
    return rs;
  };
  return { ipv4: of('ipv4'), ipv6: of('ipv6') };
}

export function dualStackPod(name: string, backend: 'iptables' | 'nftables' = 'iptables'): DualStackPod {
  const config = goldenConfig(name);
  const rulesets = rulesetsOf(name, backend);
  const { options } = configuredWorldOptions(config, NEWEST_VERSION, NAMES);
  const intent = (f: Family) => intentOf(config, NEWEST_VERSION, f, NAMES).intent;
  return {
    world: makeWorld({ rulesets, ...options }),
    rulesets,
    intents: { ipv4: intent('ipv4'), ipv6: intent('ipv6') },
  };
}

const other = (f: Family): Family => (f === 'ipv4' ? 'ipv6' : 'ipv4');

/** dual-stack-parity's verdict on one family of the pod, each family held to its configuration's intent. */
export function parity(pod: DualStackPod, family: Family) {
  return checkWorld(pod.world, {
    family,
    lint: false,
    only: ['dual-stack-parity'],
    intent: pod.intents[family],
    twinIntent: pod.intents[other(family)],
  }).invariants[0]!;
}
