// The connections the kernel oracle replays on native nftables (Istio's `nativeNftables`): every scenario on the
// newest version's default nftables rules, and on the rules Istio's nftables generator writes for each shared golden
// configuration. The model simulates the script as written (owner names as the kernel will hold them, oracle
// native-nft.ts); the kernel loads the same script with `nft -f`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromJson, defaultNftablesRules, generateNftables } from '../model/istio/index.ts';
import { nftRulesets } from '../model/nft/index.ts';
import { makeWorld } from '../model/pod/index.ts';
import { type Profile, profileNamed } from '../model/profiles/index.ts';
import { SCENARIOS } from '../model/scenarios/index.ts';
import { type CaseResult, type PreparedCase, prepareCase } from './coverage-case.ts';
import { nativeTree, seesEveryPacket } from './native-nft.ts';
import { OWNER_GROUPS } from './topology.ts';

/** The Envoy behaviour of the newest profile; the nftables rules are the newest version's. */
export const NATIVE_ENVOY_PROFILE: Profile = profileNamed('istio-1.25');
export const NATIVE_DEFAULT = 'istio-1.31 nftables';

/** An nft script and the name it is reported under. */
export interface NativeRules {
  readonly name: string;
  readonly script: string;
}

export function nativeDefault(): NativeRules {
  return { name: NATIVE_DEFAULT, script: defaultNftablesRules().text };
}

/**
 * The nftables transaction of every configuration file in `dir` (the shared golden configurations,
 * test/fixtures/istio/configs), by file name; a configuration with errors is an error, never skipped.
 */
export function nativeConfigs(dir: string): NativeRules[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const result = configFromJson(readFileSync(join(dir, f), 'utf8'));
      const errors = result.issues.filter((i) => i.severity === 'error');
      if (!result.config || errors.length > 0) {
        throw new Error(`${f}: ${errors.map((e) => e.message).join('; ') || 'no configuration'}`);
      }
      return { name: `config ${f.replace(/\.json$/, '')}`, script: generateNftables(result.config).text };
    });
}

/** Every scenario on the script's IPv4 rules, in catalog order. */
export function nativeScenarioCases(rules: NativeRules, groups = OWNER_GROUPS): PreparedCase[] {
  const converted = nftRulesets(nativeTree(rules.script, groups));
  const world = makeWorld({ rulesets: { ipv4: converted.ipv4 }, envoy: NATIVE_ENVOY_PROFILE.envoy });
  return SCENARIOS.map((s) => {
    const meta = {
      id: `${rules.name} scenario ${s.id}`,
      profile: rules.name,
      set: 'scenario',
      variant: 'as shipped',
      label: s.id,
    } as const;
    return prepareCase(meta, world, rules.script, s.connection(world));
  });
}

/**
 * Whether the script has a rule outside its nat tables (Istio's raw and mangle tables), whose base chains see every
 * packet: the session then reads each hop's hits from the SYN's own trace instead of counters
 * (oracle/native-trace-hits.ts), since a counter there counts the SYN-ACK and ACK too.
 */
export function comparedByTrace(rules: NativeRules, groups = OWNER_GROUPS): boolean {
  return seesEveryPacket(nativeTree(rules.script, groups));
}

/** Every set's scenarios, all replayed: nat-only sets compared by counters, the others by per-packet traces. */
export function nativeCasesToRun(sets: readonly NativeRules[]): { run: PreparedCase[]; skipped: CaseResult[] } {
  return { run: sets.flatMap((set) => nativeScenarioCases(set)), skipped: [] };
}
