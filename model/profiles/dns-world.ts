// A profile's pod with DNS capture on: the rules istio-iptables writes for the profile's release with its injected
// configuration plus --redirect-dns (and the resolv.conf server, or --capture-all-dns), in the world the DNS scenarios
// (model/scenarios/dns.ts) and the DNS docs page run in. The profiles themselves are the default install, DNS off.
import { featuresOf, generate, type IstioVersion, injectedConfig, planRulesets } from '../istio/index.ts';
import { formatAddr, parseAddr } from '../net/index.ts';
import { KUBE_DNS, makeWorld, type World } from '../pod/index.ts';
import type { Profile } from './types.ts';

/** The stub resolver address of systemd-resolved, which a pod's resolv.conf may name (the dns-uid-gid golden does). */
export const STUB_RESOLVER_ADDR = '127.0.0.53';

/** What the pod's DNS capture is configured with; a DNS scenario names the one it needs. */
export interface DnsSetup {
  /** --capture-all-dns: every port-53 query is redirected, whatever its server. */
  readonly captureAllDns: boolean;
  /** The resolv.conf server: the kube-dns Service, or a stub resolver in the pod on 127.0.0.53. */
  readonly server: 'kube-dns' | 'stub';
}

const versionOf = (p: Profile): IstioVersion => p.version as IstioVersion;

/** Whether model/istio writes DNS capture for the profile's release (1.9 on; 1.6 to 1.8 were env-driven, unmodelled). */
export function dnsCapable(p: Profile): boolean {
  return featuresOf(versionOf(p)).dns !== null;
}

/** The profile's IPv4 pod with DNS capture as the setup says; throws for a release without modelled DNS capture. */
export function dnsWorld(p: Profile, setup: DnsSetup): World {
  const version = versionOf(p);
  if (!dnsCapable(p)) throw new Error(`${p.name}: DNS capture is modelled from Istio 1.9 on (model/istio features)`);
  const base = injectedConfig(version).config;
  if (!base) throw new Error(`${p.name}: no injected configuration`);
  const server = setup.server === 'stub' ? STUB_RESOLVER_ADDR : formatAddr(KUBE_DNS.ipv4.vip.addr);
  const config = {
    ...base,
    redirectDns: true,
    captureAllDns: setup.captureAllDns,
    dnsServersV4: setup.captureAllDns ? [] : [server],
  };
  const result = generate(config, version);
  if (!result.ok) throw new Error(`${p.name}: ${result.reasons.join('; ')}`);
  const ipv4 = planRulesets(result.plan).find((r) => r.family === 'ipv4');
  if (!ipv4) throw new Error(`${p.name}: no IPv4 rules`);
  return makeWorld({ rulesets: { ipv4 }, envoy: p.envoy, dnsServers: [parseAddr(server)] });
}
