// The default injected sidecar's native nftables rules (Helm `global.nativeNftables`) at the newest version: the
// injected configuration (config/injected.ts) through the nftables generator. Only the newest: the generator follows
// run.go at istio/istio 86c9f01, and earlier releases' generators differ (release-1.27, where tools/istio-nftables
// first appears, has a run.go 163 changed lines away), so their rules are not claimed here.
import { injectedConfig } from '../config/injected.ts';
import { NEWEST_VERSION } from '../version.ts';
import { generateNftables, type NftablesTransaction } from './capture.ts';

export function defaultNftablesRules(): NftablesTransaction {
  const result = injectedConfig(NEWEST_VERSION);
  if (!result.config) throw new Error(`the injected configuration of ${NEWEST_VERSION} does not parse`);
  return generateNftables(result.config);
}
