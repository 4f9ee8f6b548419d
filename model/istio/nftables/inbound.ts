// Inbound capture (handleInboundPortsInclude and handleInboundTProxyMode in tools/istio-nftables/pkg/capture/run.go
// at istio/istio 86c9f01): REDIRECT through nat's istio-inbound to istio-in-redirect, or TPROXY through mangle's
// istio-inbound, istio-divert (established: mark and accept) and istio-tproxy (new: tproxy to Envoy's inbound port).
import type { IstioConfig } from '../config/types.ts';
import type { RuleBuilder } from './builder.ts';

const NAT = 'istio-proxy-nat';
const MANGLE = 'istio-proxy-mangle';

function tproxy(b: RuleBuilder, config: IstioConfig): void {
  const mark = config.tproxyMark;
  const port = config.inboundCapturePort;
  const lo = config.hostIpv4LoopbackCidr;
  b.append(MANGLE, 'istio-divert', `counter meta mark set ${mark}`);
  b.append(MANGLE, 'istio-divert', 'counter accept');
  b.append(
    MANGLE,
    'istio-tproxy',
    `meta l4proto tcp ip daddr != ${lo} tproxy ip to :${port} meta mark set ${mark} counter accept`,
  );
  b.appendV6(
    MANGLE,
    'istio-tproxy',
    `meta l4proto tcp ip6 daddr != ::1/128 tproxy ip6 to :${port} meta mark set ${mark} counter accept`,
  );
  b.append(MANGLE, 'prerouting', 'meta l4proto tcp counter jump istio-inbound');
  const include = config.inboundPortsInclude;
  if (include.kind === 'all') {
    for (const p of config.inboundPortsExclude)
      b.append(MANGLE, 'istio-inbound', `meta l4proto tcp tcp dport ${p} counter return`);
    b.append(MANGLE, 'istio-inbound', 'meta l4proto tcp ct state related,established counter jump istio-divert');
    b.append(MANGLE, 'istio-inbound', 'meta l4proto tcp counter jump istio-tproxy');
    return;
  }
  for (const p of include.items) {
    b.append(
      MANGLE,
      'istio-inbound',
      `meta l4proto tcp ct state related,established tcp dport ${p} counter jump istio-divert`,
    );
    b.append(MANGLE, 'istio-inbound', `meta l4proto tcp tcp dport ${p} counter jump istio-tproxy`);
  }
}

export function inboundCapture(b: RuleBuilder, config: IstioConfig): void {
  const include = config.inboundPortsInclude;
  // An empty list captures no inbound port at all: no jump from prerouting.
  if (include.kind === 'list' && include.items.length === 0) return;
  if (config.interceptionMode === 'TPROXY') {
    tproxy(b, config);
    return;
  }
  b.append(NAT, 'prerouting', 'meta l4proto tcp counter jump istio-inbound');
  if (include.kind === 'all') {
    for (const p of config.inboundPortsExclude)
      b.append(NAT, 'istio-inbound', `meta l4proto tcp tcp dport ${p} counter return`);
    b.append(NAT, 'istio-inbound', 'meta l4proto tcp counter jump istio-in-redirect');
    return;
  }
  for (const p of include.items)
    b.append(NAT, 'istio-inbound', `meta l4proto tcp tcp dport ${p} counter jump istio-in-redirect`);
}

/** TPROXY's mangle rules: connmark save/restore, the 1338 mark on Envoy's lo traffic, and istio-inbound's guards. */
export function tproxyMarks(b: RuleBuilder, config: IstioConfig, owners: readonly (readonly [string, string])[]): void {
  const mark = config.tproxyMark;
  const lo = config.hostIpv4LoopbackCidr;
  // Envoy's outbound packets to the application over lo are marked 1338 so that inbound capture skips them.
  const outbound = '1338';
  b.append(MANGLE, 'prerouting', `meta l4proto tcp mark ${mark} counter ct mark set mark`);
  b.append(MANGLE, 'output', `oifname lo meta l4proto tcp mark ${mark} counter return`);
  for (const [key, id] of owners) {
    b.append(
      MANGLE,
      'output',
      `oifname lo meta l4proto tcp ip daddr != ${lo} ${key} ${id} counter meta mark set ${outbound}`,
    );
    b.appendV6(
      MANGLE,
      'output',
      `oifname lo meta l4proto tcp ip6 daddr != ::1/128 ${key} ${id} counter meta mark set ${outbound}`,
    );
  }
  b.append(MANGLE, 'output', `meta l4proto tcp ct mark ${mark} counter meta mark set ct mark`);
  b.insert(MANGLE, 'istio-inbound', 0, `meta l4proto tcp mark ${mark} counter return`);
  b.insert(MANGLE, 'istio-inbound', 1, 'iifname lo meta l4proto tcp ip saddr 127.0.0.6/32 counter return');
  b.insertV6(MANGLE, 'istio-inbound', 1, 'iifname lo meta l4proto tcp ip6 saddr ::6/128 counter return');
  b.insert(MANGLE, 'istio-inbound', 2, `iifname lo meta l4proto tcp mark != ${outbound} counter return`);
}
