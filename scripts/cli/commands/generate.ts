// `generate --config FILE|--istio-args '…'|--pod FILE`: the rules istio-iptables writes for a configuration at an
// Istio version, in Istio's dry-run form (the goldens' format) or as iptables-save text, or Istio's native
// nftables transaction (`--backend nftables`, Istio 1.27+).
import {
  atLeast,
  dryRun,
  generate,
  generateNftables,
  NEWEST_VERSION,
  renderIptablesSave,
} from '../../../model/istio/index.ts';
import { CliError, EXIT } from '../exit.ts';
import type { CliIo } from '../io.ts';
import { readGivenConfig } from '../istio-input.ts';
import type { IstioInputOptions } from '../istio-options.ts';

export interface GenerateCommandOptions extends IstioInputOptions {
  readonly format: 'dry-run' | 'iptables-save';
  readonly backend: 'iptables' | 'nftables';
}

export async function runGenerate(o: GenerateCommandOptions, io: CliIo): Promise<number> {
  const given = await readGivenConfig(o, io);
  if (!given) throw new CliError("no configuration given: pass --config FILE, --istio-args '…' or --pod FILE", true);
  const version = o.istioVersion ?? given.imageVersion ?? NEWEST_VERSION;
  for (const w of given.warnings) io.stderr.write(`warning: ${w}\n`);
  if (o.backend === 'nftables') {
    // tools/istio-nftables arrived in 1.27 (--native-nftables); the model follows master's (86c9f01).
    if (!atLeast(version, '1.27')) throw new CliError(`Istio ${version} has no native nftables backend (from 1.27)`);
    if (o.format !== 'dry-run')
      throw new CliError(
        '--backend nftables writes the nft -f transaction; --format iptables-save does not apply',
        true,
      );
    io.stdout.write(generateNftables(given.config).text);
    return EXIT.ok;
  }
  const result = generate(given.config, version);
  if (!result.ok) {
    throw new CliError(
      `Istio ${version}'s istio-iptables cannot be modelled for this configuration: ${result.reasons.join('; ')}`,
    );
  }
  for (const n of result.notes) io.stderr.write(`note: ${n.message}\n`);
  io.stdout.write(o.format === 'dry-run' ? dryRun(result.plan) : renderIptablesSave(result.plan));
  return EXIT.ok;
}
