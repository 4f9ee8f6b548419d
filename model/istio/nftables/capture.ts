// Istio's native nftables generator, from its configuration to the `nft -f` transaction istio-init applies: the
// behaviour of NftablesConfigurator.Run in tools/istio-nftables/pkg/capture/run.go at istio/istio 86c9f01 (Istio 1.27+,
// `--native-nftables`). Tables inet istio-proxy-{nat,mangle,raw}; every rule counts (`counter`).
import { isLoopback } from '../addresses.ts';
import { prefixString } from '../config/cidr-text.ts';
import { ownerText } from '../config/print.ts';
import type { IstioCidr, IstioConfig } from '../config/types.ts';
import { RuleBuilder } from './builder.ts';
import { dnsCapture } from './dns.ts';
import { inboundCapture } from './inbound.ts';
import { transactionLines } from './transaction.ts';

const NAT = 'istio-proxy-nat';
const MANGLE = 'istio-proxy-mangle';
/** In TPROXY mode, Envoy's outbound packets to the application over lo are marked so inbound capture skips them. */
const OUTBOUND_MARK = '1338';

interface Ranges {
  readonly all: boolean;
  readonly v4: readonly IstioCidr[];
  readonly v6: readonly IstioCidr[];
  /** A loopback CIDR was included: then the lo `skuid != …` return rules are left out. */
  readonly loopback: boolean;
}

/** config.SeparateV4V6: a wildcard, or the CIDRs by family. */
function separate(cidrs: IstioConfig['outboundIpRangesInclude']): Ranges {
  if (cidrs.kind === 'all') return { all: true, v4: [], v6: [], loopback: false };
  return {
    all: false,
    v4: cidrs.items.filter((c) => c.family === 'ipv4'),
    v6: cidrs.items.filter((c) => c.family === 'ipv6'),
    loopback: cidrs.items.some((c) => isLoopback(c.addr)),
  };
}

function excludedInterfaces(b: RuleBuilder, config: IstioConfig): void {
  for (const nic of config.excludeInterfaces) {
    b.append(NAT, 'prerouting', 'iifname', nic, 'counter', 'return');
    b.append(NAT, 'output', 'oifname', nic, 'counter', 'return');
  }
  if (config.interceptionMode !== 'TPROXY') return;
  for (const nic of config.excludeInterfaces) {
    b.append(MANGLE, 'prerouting', 'iifname', nic, 'counter', 'return');
    b.append(MANGLE, 'output', 'oifname', nic, 'counter', 'return');
  }
}

/** The per-uid and per-gid rules of istio-output: back to Envoy's inbound over lo, lo bypass, and the proxy's own exit. */
function ownerRules(b: RuleBuilder, config: IstioConfig, redirectDns: boolean, loopbackIncluded: boolean): void {
  const tunnel = String(config.inboundTunnelPort);
  const loopback = config.hostIpv4LoopbackCidr;
  for (const [key, owners] of [
    ['skuid', config.proxyUid],
    ['skgid', config.proxyGid],
  ] as const) {
    for (const owner of owners) {
      const id = ownerText(owner);
      // With DNS capture, the uid rules (not the gid rules) also leave port 53 alone on lo.
      const ports = redirectDns && key === 'skuid' ? `{ 53, ${tunnel} }` : tunnel;
      b.append(
        NAT,
        'istio-output',
        'oifname',
        'lo',
        'meta l4proto tcp',
        'ip daddr',
        '!=',
        loopback,
        'tcp dport',
        '!=',
        ports,
        key,
        id,
        'counter',
        'jump',
        'istio-in-redirect',
      );
      b.appendV6(
        NAT,
        'istio-output',
        'oifname',
        'lo',
        'meta l4proto tcp',
        'ip6 daddr',
        '!=',
        '::1/128',
        'tcp dport',
        '!=',
        ports,
        key,
        id,
        'counter',
        'jump',
        'istio-in-redirect',
      );
      if (!loopbackIncluded) {
        if (redirectDns)
          b.append(
            NAT,
            'istio-output',
            'oifname',
            'lo',
            'meta l4proto tcp',
            'tcp dport',
            '!=',
            '53',
            key,
            '!=',
            id,
            'counter',
            'return',
          );
        else b.append(NAT, 'istio-output', 'oifname', 'lo', key, '!=', id, 'counter', 'return');
      }
      b.append(NAT, 'istio-output', key, id, 'counter', 'return');
    }
  }
}

/** ISTIO_OUTBOUND_OWNER_GROUPS(_EXCLUDE): return for excluded groups, or for every group but the included ones. */
function ownerGroups(b: RuleBuilder, config: IstioConfig): void {
  const include = config.ownerGroupsInclude;
  if (include.kind === 'all') {
    for (const g of config.ownerGroupsExclude)
      b.append(NAT, 'istio-output', 'skgid', ownerText(g), 'counter', 'return');
    return;
  }
  const noneOf = include.items.flatMap((g) => ['skgid', '!=', ownerText(g)]);
  b.append(NAT, 'istio-output', ...noneOf, 'counter', 'return');
}

function outboundIncludes(b: RuleBuilder, config: IstioConfig, include: Ranges): void {
  const virtual = config.rerouteVirtualInterfaces;
  if (include.all) {
    b.append(NAT, 'istio-output', 'counter', 'jump', 'istio-redirect');
    for (const nic of virtual) b.insert(NAT, 'prerouting', 0, 'iifname', nic, 'counter', 'jump', 'istio-redirect');
    return;
  }
  for (const cidr of include.v4) {
    for (const nic of virtual)
      b.insert(
        NAT,
        'prerouting',
        0,
        'iifname',
        nic,
        'ip daddr',
        prefixString(cidr),
        'counter',
        'jump',
        'istio-redirect',
      );
    b.append(NAT, 'istio-output', 'ip daddr', prefixString(cidr), 'counter', 'jump', 'istio-redirect');
  }
  for (const cidr of include.v6) {
    for (const nic of virtual)
      b.insertV6(
        NAT,
        'prerouting',
        0,
        'iifname',
        nic,
        'ip6 daddr',
        prefixString(cidr),
        'counter',
        'jump',
        'istio-redirect',
      );
    b.appendV6(NAT, 'istio-output', 'ip6 daddr', prefixString(cidr), 'counter', 'jump', 'istio-redirect');
  }
}

/** TPROXY's mangle rules: connmark save/restore, the 1338 mark on Envoy's lo traffic, and istio-inbound's guards. */
function tproxyMarks(b: RuleBuilder, config: IstioConfig): void {
  const mark = String(config.tproxyMark);
  const loopback = config.hostIpv4LoopbackCidr;
  b.append(MANGLE, 'prerouting', 'meta l4proto tcp', 'mark', mark, 'counter', 'ct mark set mark');
  b.append(MANGLE, 'output', 'oifname', 'lo', 'meta l4proto tcp', 'mark', mark, 'counter', 'return');
  for (const [key, owners] of [
    ['skuid', config.proxyUid],
    ['skgid', config.proxyGid],
  ] as const) {
    for (const owner of owners) {
      b.append(
        MANGLE,
        'output',
        'oifname',
        'lo',
        'meta l4proto tcp',
        'ip daddr',
        '!=',
        loopback,
        key,
        ownerText(owner),
        'counter',
        'meta mark set',
        OUTBOUND_MARK,
      );
      b.appendV6(
        MANGLE,
        'output',
        'oifname',
        'lo',
        'meta l4proto tcp',
        'ip6 daddr',
        '!=',
        '::1/128',
        key,
        ownerText(owner),
        'counter',
        'meta mark set',
        OUTBOUND_MARK,
      );
    }
  }
  b.append(MANGLE, 'output', 'meta l4proto tcp', 'ct', 'mark', mark, 'counter', 'meta mark set', 'ct', 'mark');
  b.insert(MANGLE, 'istio-inbound', 0, 'meta l4proto tcp', 'mark', mark, 'counter', 'return');
  b.insert(
    MANGLE,
    'istio-inbound',
    1,
    'iifname',
    'lo',
    'meta l4proto tcp',
    'ip saddr',
    '127.0.0.6/32',
    'counter',
    'return',
  );
  b.insertV6(
    MANGLE,
    'istio-inbound',
    1,
    'iifname',
    'lo',
    'meta l4proto tcp',
    'ip6 saddr',
    '::6/128',
    'counter',
    'return',
  );
  b.insert(
    MANGLE,
    'istio-inbound',
    2,
    'iifname',
    'lo',
    'meta l4proto tcp',
    'mark',
    '!=',
    OUTBOUND_MARK,
    'counter',
    'return',
  );
}

export interface NftablesTransaction {
  /** One `nft -f` command per line. */
  readonly lines: readonly string[];
  /** Each line ended by a newline, as knftables' Transaction.String() writes it and Istio's goldens hold it. */
  readonly text: string;
}

export function generateNftables(config: IstioConfig): NftablesTransaction {
  const b = new RuleBuilder(config.enableIpv6);
  const include = separate(config.outboundIpRangesInclude);
  const excludeV4 = config.outboundIpRangesExclude.filter((c) => c.family === 'ipv4');
  const excludeV6 = config.outboundIpRangesExclude.filter((c) => c.family === 'ipv6');
  // REDIRECT_DNS without capture-all and without any nameserver captures nothing (run.go logs a warning).
  const redirectDns =
    config.redirectDns && (config.captureAllDns || config.dnsServersV4.length > 0 || config.dnsServersV6.length > 0);

  excludedInterfaces(b, config);
  for (const nic of config.rerouteVirtualInterfaces)
    b.insert(NAT, 'prerouting', 0, 'iifname', nic, 'counter', 'return');
  if (config.dropInvalid) {
    b.append(MANGLE, 'prerouting', 'meta l4proto tcp', 'ct state', 'invalid', 'counter', 'jump', 'istio-drop');
    b.append(MANGLE, 'istio-drop', 'counter', 'drop');
  }
  b.append(
    NAT,
    'istio-inbound',
    'meta l4proto tcp',
    'tcp dport',
    String(config.inboundTunnelPort),
    'counter',
    'return',
  );
  b.append(NAT, 'istio-redirect', 'meta l4proto tcp', 'counter', 'redirect to', `:${config.proxyPort}`);
  b.append(NAT, 'istio-in-redirect', 'meta l4proto tcp', 'counter', 'redirect to', `:${config.inboundCapturePort}`);
  inboundCapture(b, config);
  b.append(NAT, 'output', 'counter', 'jump', 'istio-output');
  for (const p of config.outboundPortsExclude) {
    b.append(NAT, 'istio-output', 'tcp dport', String(p), 'counter', 'return');
    b.append(NAT, 'istio-output', 'udp dport', String(p), 'counter', 'return');
  }
  // 127.0.0.6 (::6): Envoy's inbound passthrough connects to the application from it.
  b.append(NAT, 'istio-output', 'oifname', 'lo', 'ip saddr', '127.0.0.6/32', 'counter', 'return');
  b.appendV6(NAT, 'istio-output', 'oifname', 'lo', 'ip6 saddr', '::6/128', 'counter', 'return');
  ownerRules(b, config, redirectDns, include.loopback);
  ownerGroups(b, config);
  if (redirectDns) dnsCapture(b, config);
  b.append(NAT, 'istio-output', 'ip daddr', config.hostIpv4LoopbackCidr, 'counter', 'return');
  b.appendV6(NAT, 'istio-output', 'ip6 daddr', '::1/128', 'counter', 'return');
  for (const cidr of excludeV4) b.append(NAT, 'istio-output', 'ip daddr', prefixString(cidr), 'counter', 'return');
  for (const cidr of excludeV6) b.appendV6(NAT, 'istio-output', 'ip6 daddr', prefixString(cidr), 'counter', 'return');
  for (const p of config.outboundPortsInclude)
    b.append(NAT, 'istio-output', 'tcp dport', String(p), 'counter', 'jump', 'istio-redirect');
  outboundIncludes(b, config, include);
  if (config.interceptionMode === 'TPROXY') tproxyMarks(b, config);
  const lines = transactionLines(b);
  return { lines, text: lines.map((l) => `${l}\n`).join('') };
}
