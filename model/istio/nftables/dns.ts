// DNS capture (SetupDNSRedir and addDNSConntrackZones in tools/istio-nftables/pkg/capture/run.go at istio/istio
// 86c9f01): TCP and UDP port 53 to the agent's 15053, for every nameserver of resolv.conf or for all traffic with
// capture-all; and raw-table conntrack zones that keep the proxy's upstream queries (zone 1) apart from the
// application's queries to the proxy (zone 2).
import type { IstioConfig } from '../config/types.ts';
import type { RuleBuilder } from './builder.ts';

const NAT = 'istio-proxy-nat';
const RAW = 'istio-proxy-raw';

function redirects(b: RuleBuilder, config: IstioConfig): void {
  const v4 = config.dnsServersV4;
  const v6 = config.dnsServersV6;
  b.append(RAW, 'output', 'counter jump istio-output-dns');
  if (config.captureAllDns || v4.length > 0 || v6.length > 0)
    b.append(NAT, 'istio-output', 'counter jump istio-output-dns');
  if (config.captureAllDns) {
    b.append(NAT, 'istio-output-dns', 'meta l4proto tcp tcp dport 53 counter redirect to :15053');
    b.append(NAT, 'istio-output-dns', 'udp dport 53 counter redirect to :15053');
    return;
  }
  for (const s of v4) b.append(NAT, 'istio-output-dns', `ip daddr ${s}/32 tcp dport 53 counter redirect to :15053`);
  for (const s of v6) b.appendV6(NAT, 'istio-output-dns', `ip6 daddr ${s}/128 tcp dport 53 counter redirect to :15053`);
  for (const s of v4) b.append(NAT, 'istio-output-dns', `ip daddr ${s}/32 udp dport 53 counter redirect to :15053`);
  for (const s of v6) b.appendV6(NAT, 'istio-output-dns', `ip6 daddr ${s}/128 udp dport 53 counter redirect to :15053`);
}

function conntrackZones(b: RuleBuilder, config: IstioConfig, owners: readonly (readonly [string, string])[]): void {
  const v4 = config.dnsServersV4;
  const v6 = config.dnsServersV6;
  for (const [key, id] of owners) {
    b.append(RAW, 'istio-output-dns', `udp dport 53 meta ${key} ${id} counter ct zone set 1`);
    b.append(RAW, 'istio-output-dns', `udp sport 15053 meta ${key} ${id} counter ct zone set 2`);
  }
  if (config.captureAllDns) {
    b.append(RAW, 'prerouting', 'counter jump istio-inbound');
    b.append(RAW, 'istio-output-dns', 'udp dport 53 counter ct zone set 2');
    b.append(RAW, 'istio-inbound', 'udp sport 53 counter ct zone set 1');
    return;
  }
  if (v4.length > 0 || v6.length > 0) b.append(RAW, 'prerouting', 'counter jump istio-inbound');
  for (const s of v4) {
    b.append(RAW, 'istio-output-dns', `udp dport 53 ip daddr ${s}/32 counter ct zone set 2`);
    b.append(RAW, 'istio-inbound', `udp sport 53 ip saddr ${s}/32 counter ct zone set 1`);
  }
  for (const s of v6) {
    b.appendV6(RAW, 'istio-output-dns', `udp dport 53 ip6 daddr ${s}/128 counter ct zone set 2`);
    b.appendV6(RAW, 'istio-inbound', `udp sport 53 ip6 saddr ${s}/128 counter ct zone set 1`);
  }
}

/** `owners`: the proxy's uids then gids, each with its key (`skuid`, `skgid`). */
export function dnsCapture(b: RuleBuilder, config: IstioConfig, owners: readonly (readonly [string, string])[]): void {
  redirects(b, config);
  conntrackZones(b, config, owners);
}
