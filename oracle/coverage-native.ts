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
import { type CaseResult, type PreparedCase, prepareCase, skippedResult } from './coverage-case.ts';
import { nativeTree } from './native-nft.ts';
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
 * A rule of a table whose base chains see every packet (Istio's raw and mangle tables) counts the handshake's answer
 * and its ACK too (the SYN-ACK crosses prerouting, the ACK output), while a model hop describes the SYN alone; nat
 * chains see a connection's first packet only (nf_nat_core.c). So a native script with any rule outside its nat
 * tables is not compared by counters: its cases are skipped with this code, never dropped.
 */
export const PACKET_COUNTERS = 'packet-counters';
export const PACKET_COUNTERS_REASON =
  'rules outside the nat tables count every packet of the handshake (SYN-ACK, ACK), the model describes the SYN';

/** Whether the script has a rule in a table other than a nat one (the tables Istio names `…-nat`). */
export function countsPackets(rules: NativeRules, groups = OWNER_GROUPS): boolean {
  return nativeTree(rules.script, groups).tables.some(
    (t) => !t.name.endsWith('-nat') && t.chains.some((c) => c.rules.length > 0),
  );
}

/** A case replayed on the kernel, or skipped under PACKET_COUNTERS before any replay. */
export function nativeCasesToRun(sets: readonly NativeRules[]): { run: PreparedCase[]; skipped: CaseResult[] } {
  const run: PreparedCase[] = [];
  const skipped: CaseResult[] = [];
  for (const set of sets) {
    const cases = nativeScenarioCases(set);
    if (countsPackets(set))
      skipped.push(...cases.map((c) => skippedResult(c, PACKET_COUNTERS, PACKET_COUNTERS_REASON)));
    else run.push(...cases);
  }
  return { run, skipped };
}
