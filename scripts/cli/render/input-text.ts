// The two header lines every text report starts with: which rules, which pod.
import { formatAddr } from '../../../model/net/index.ts';
import type { LoadedRules, PodWorld } from '../load.ts';

export function inputLines(rules: LoadedRules, pod: PodWorld): string[] {
  const { pod: p } = pod.world;
  const families = pod.families.join(' + ');
  const envoy = pod.envoy.chosen
    ? `Envoy behaviour ${pod.envoy.profile}`
    : rules.profile
      ? `Envoy behaviour ${pod.envoy.profile} (the profile's own)`
      : `Envoy behaviour ${pod.envoy.profile} (that version's; --istio-version or --envoy-behaviour to change)`;
  const proxy =
    p.proxyIds.uids.length > 1 || p.proxyIds.gids.length > 1
      ? `proxy uids ${p.proxyIds.uids.join(',')} gids ${p.proxyIds.gids.join(',')} (Envoy ${p.proxy.uid}/${p.proxy.gid})`
      : `proxy uid/gid ${p.proxy.uid}/${p.proxy.gid}`;
  return [
    `rules: ${rules.label} (${rules.format}, ${families})`,
    `pod:   ${p.addresses.map(formatAddr).join(' / ')}, ${proxy}, app uid/gid ${p.app.uid}/${p.app.gid} on port ${p.app.ports.join(',')}; ${envoy}`,
  ];
}
