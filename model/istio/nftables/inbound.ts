// Inbound capture (handleInboundPortsInclude and handleInboundTProxyMode in tools/istio-nftables/pkg/capture/run.go
// at istio/istio 86c9f01): REDIRECT through nat's istio-inbound to istio-in-redirect, or TPROXY through mangle's
// istio-inbound, istio-divert (established: mark and accept) and istio-tproxy (new: tproxy to Envoy's inbound port).
import type { IstioConfig } from '../config/types.ts';
import type { RuleBuilder } from './builder.ts';

const NAT = 'istio-proxy-nat';
const MANGLE = 'istio-proxy-mangle';

function tproxy(b: RuleBuilder, config: IstioConfig): void {
  const mark = String(config.tproxyMark);
  const port = `:${config.inboundCapturePort}`;
  b.append(MANGLE, 'istio-divert', 'counter', 'meta mark set', mark);
  b.append(MANGLE, 'istio-divert', 'counter', 'accept');
  b.append(
    MANGLE,
    'istio-tproxy',
    'meta l4proto tcp',
    'ip daddr',
    '!=',
    config.hostIpv4LoopbackCidr,
    'tproxy ip to',
    port,
    'meta mark set',
    mark,
    'counter',
    'accept',
  );
  b.appendV6(
    MANGLE,
    'istio-tproxy',
    'meta l4proto tcp',
    'ip6 daddr',
    '!=',
    '::1/128',
    'tproxy ip6 to',
    port,
    'meta mark set',
    mark,
    'counter',
    'accept',
  );
  b.append(MANGLE, 'prerouting', 'meta l4proto tcp', 'counter', 'jump', 'istio-inbound');
  const include = config.inboundPortsInclude;
  if (include.kind === 'all') {
    for (const p of config.inboundPortsExclude)
      b.append(MANGLE, 'istio-inbound', 'meta l4proto tcp', 'tcp dport', String(p), 'counter', 'return');
    b.append(
      MANGLE,
      'istio-inbound',
      'meta l4proto tcp',
      'ct state',
      'related,established',
      'counter',
      'jump',
      'istio-divert',
    );
    b.append(MANGLE, 'istio-inbound', 'meta l4proto tcp', 'counter', 'jump', 'istio-tproxy');
    return;
  }
  for (const p of include.items) {
    const port = String(p);
    b.append(
      MANGLE,
      'istio-inbound',
      'meta l4proto tcp',
      'ct state',
      'related,established',
      'tcp dport',
      port,
      'counter',
      'jump',
      'istio-divert',
    );
    b.append(MANGLE, 'istio-inbound', 'meta l4proto tcp', 'tcp dport', port, 'counter', 'jump', 'istio-tproxy');
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
  b.append(NAT, 'prerouting', 'meta l4proto tcp', 'counter', 'jump', 'istio-inbound');
  if (include.kind === 'all') {
    for (const p of config.inboundPortsExclude)
      b.append(NAT, 'istio-inbound', 'meta l4proto tcp', 'tcp dport', String(p), 'counter', 'return');
    b.append(NAT, 'istio-inbound', 'meta l4proto tcp', 'counter', 'jump', 'istio-in-redirect');
    return;
  }
  for (const p of include.items) {
    b.append(NAT, 'istio-inbound', 'meta l4proto tcp', 'tcp dport', String(p), 'counter', 'jump', 'istio-in-redirect');
  }
}
