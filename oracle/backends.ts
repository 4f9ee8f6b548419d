// iptables vs native nftables, configuration by configuration (issue 15): for one Istio configuration, the rules
// istio-iptables writes (model/istio generate, the newest version) and the rules its native nftables generator writes
// (generateNftables), each in the pod the configuration describes, compared over every packet class of each family
// by the story of each connection (who opens each hop, where it lands, how it ends; classes' storyKey), never by
// rule text, since the two languages name every rule differently. Where the iptables backend writes no IPv6 rules
// (IPv6 off) its pod has no ip6tables rules at all, while the nft tables of family inet still see IPv6 packets.
// Group names (`skgid != java`) are resolved as the kernel oracle's sessions resolve them (OWNER_GROUPS), on both
// sides, so a difference is never an artefact of a name one side could not resolve.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffWorlds, storyKey, type WorldDiff } from '../model/classes/index.ts';
import { configuredWorldOptions } from '../model/configured/index.ts';
import {
  configFromJson,
  generate,
  generateNftables,
  type IstioConfig,
  NEWEST_VERSION,
  planRulesets,
  renderIptablesSave,
} from '../model/istio/index.ts';
import type { Family } from '../model/net/index.ts';
import { nftRulesets } from '../model/nft/index.ts';
import { makeWorld, type World } from '../model/pod/index.ts';
import type { Ruleset } from '../model/rules/index.ts';
import { nativeTree } from './native-nft.ts';
import { OWNER_GROUPS } from './topology.ts';

/** Both backends' rules for one configuration, as text the kernel loads and as worlds the model walks. */
export interface BackendPair {
  readonly name: string;
  /** iptables-save text of the iptables backend's rules (IPv4, then IPv6 when written). */
  readonly iptablesText: string;
  /** The native nftables backend's `nft -f` transaction. */
  readonly nftScript: string;
  /** Families the iptables backend writes rules for. */
  readonly iptablesFamilies: readonly Family[];
  readonly iptables: World;
  readonly nft: World;
}

export function backendPair(name: string, config: IstioConfig, groups = OWNER_GROUPS): BackendPair {
  const generated = generate(config, NEWEST_VERSION);
  if (!generated.ok) throw new Error(`${name}: istio-iptables ${NEWEST_VERSION}: ${generated.reasons.join('; ')}`);
  const resolveOwner = (kind: 'user' | 'group', id: string) => (kind === 'group' ? groups[id] : undefined);
  const byFamily: Partial<Record<Family, Ruleset>> = {};
  for (const rs of planRulesets(generated.plan, { resolveOwner })) byFamily[rs.family] = rs;
  const nftScript = generateNftables(config).text;
  const nft = nftRulesets(nativeTree(nftScript, groups));
  const names = { users: new Map<string, number>(), groups: new Map(Object.entries(groups)) };
  const options = configuredWorldOptions(config, NEWEST_VERSION, names).options;
  return {
    name,
    iptablesText: renderIptablesSave(generated.plan, { resolveOwner }),
    nftScript,
    iptablesFamilies: Object.keys(byFamily) as Family[],
    iptables: makeWorld({ ...options, rulesets: byFamily }),
    nft: makeWorld({ ...options, rulesets: { ipv4: nft.ipv4, ipv6: nft.ipv6 } }),
  };
}

export interface BackendComparison {
  readonly name: string;
  readonly iptablesFamilies: readonly Family[];
  /** IPv4 then IPv6: the iptables backend's rules as "before", the nftables backend's as "after". */
  readonly families: readonly WorldDiff[];
}

export function compareBackends(pair: BackendPair): BackendComparison {
  const families = (['ipv4', 'ipv6'] as const).map((f) => diffWorlds(pair.iptables, pair.nft, f, undefined, storyKey));
  return { name: pair.name, iptablesFamilies: pair.iptablesFamilies, families };
}

/** Configuration names (file stems) that have both an iptables golden and an nftables golden, sorted. */
export function sharedGoldenNames(iptablesGoldenDir: string, nftGoldenDir: string): string[] {
  const stems = (dir: string) =>
    new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.golden'))
        .map((f) => f.slice(0, -'.golden'.length)),
    );
  const nft = stems(nftGoldenDir);
  return [...stems(iptablesGoldenDir)].filter((n) => nft.has(n)).sort();
}

/** The configuration `dir/name.json` (istio-iptables' configuration JSON); one with errors is an error, never skipped. */
export function readConfigFile(dir: string, name: string): IstioConfig {
  const result = configFromJson(readFileSync(join(dir, `${name}.json`), 'utf8'));
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (!result.config || errors.length > 0) {
    throw new Error(`${name}.json: ${errors.map((e) => e.message).join('; ') || 'no configuration'}`);
  }
  return result.config;
}
