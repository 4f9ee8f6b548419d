// The configuration read back from native nftables rules: read each option off the rules (model/istio's
// readNftConfig), generate the rules of what was read with the nftables generator, and compare with the dump, as the
// iptables inference does. Exact when they are equal; otherwise the reading is the nearest configuration, with the
// drift that names each rule it does not reproduce.
import { type Drift, type IstioConfig, readNftConfig } from '../istio/index.ts';
import type { Ruleset } from '../rules/index.ts';

export type NftInference =
  | {
      readonly ok: true;
      readonly config: IstioConfig;
      readonly drift: Drift;
      /** What the rules cannot show and the value assumed for it. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

export function inferNftConfig(
  dump: readonly Ruleset[],
  driftOf: (config: IstioConfig, dump: readonly Ruleset[]) => Drift,
): NftInference {
  const reading = readNftConfig(dump);
  if (typeof reading === 'string') return { ok: false, reason: reading };
  const config = reading.result.config;
  if (!config) return { ok: false, reason: reading.result.issues.map((i) => i.message).join('; ') };
  return { ok: true, config, drift: driftOf(config, dump), notes: reading.notes };
}
