// A configuration written back the way a user would give it: an istio-iptables command line (with the env variables
// and pod facts that have no flag) and istio-iptables' configuration JSON. configFromArgs and configFromJson read
// these back to the same IstioConfig (tested).
import { cidrInput } from './cidr-text.ts';
import { FIELD_NAMES, FIELDS } from './fields.ts';
import type { IstioConfig, OwnerRef, Selection } from './types.ts';

export const ownerText = (o: OwnerRef): string => (o.kind === 'id' ? String(o.id) : o.name);

function selectionText<T>(s: Selection<T>, item: (t: T) => string): string {
  return s.kind === 'all' ? '*' : s.items.map(item).join(',');
}

/** Each field as istio-iptables holds it (the Go Config struct's value). */
export function fieldText(config: IstioConfig): Record<keyof IstioConfig, string | boolean | readonly string[]> {
  return {
    proxyPort: String(config.proxyPort),
    inboundCapturePort: String(config.inboundCapturePort),
    inboundTunnelPort: String(config.inboundTunnelPort),
    proxyUid: config.proxyUid.map(ownerText).join(','),
    proxyGid: config.proxyGid.map(ownerText).join(','),
    interceptionMode: config.interceptionMode,
    tproxyMark: String(config.tproxyMark),
    tproxyRouteTable: String(config.tproxyRouteTable),
    inboundPortsInclude: selectionText(config.inboundPortsInclude, String),
    inboundPortsExclude: config.inboundPortsExclude.join(','),
    ownerGroupsInclude: selectionText(config.ownerGroupsInclude, ownerText),
    ownerGroupsExclude: config.ownerGroupsExclude.map(ownerText).join(','),
    outboundPortsInclude: config.outboundPortsInclude.join(','),
    outboundPortsExclude: config.outboundPortsExclude.join(','),
    outboundIpRangesInclude: selectionText(config.outboundIpRangesInclude, cidrInput),
    outboundIpRangesExclude: config.outboundIpRangesExclude.map(cidrInput).join(','),
    rerouteVirtualInterfaces: config.rerouteVirtualInterfaces.join(','),
    excludeInterfaces: config.excludeInterfaces.join(','),
    redirectDns: config.redirectDns,
    captureAllDns: config.captureAllDns,
    dropInvalid: config.dropInvalid,
    dualStack: config.dualStack,
    enableIpv6: config.enableIpv6,
    dnsServersV4: config.dnsServersV4,
    dnsServersV6: config.dnsServersV6,
    hostIpv4LoopbackCidr: config.hostIpv4LoopbackCidr,
    traceLogging: config.traceLogging,
    nativeNftables: config.nativeNftables,
  };
}

/** istio-iptables' configuration JSON (config.go's json tags), DNS server lists as null when empty like Go. */
export function configToJson(config: IstioConfig): Record<string, string | boolean | readonly string[] | null> {
  const text = fieldText(config);
  const out: Record<string, string | boolean | readonly string[] | null> = {};
  for (const field of FIELD_NAMES) {
    const v = text[field];
    out[FIELDS[field].json] = Array.isArray(v) && v.length === 0 ? null : v;
  }
  return out;
}

export interface CommandLine {
  /** The words after `istio-iptables`. */
  readonly args: readonly string[];
  /** Env-only settings, in the order istio-iptables reads them. */
  readonly env: readonly { readonly name: string; readonly value: string }[];
  /** The resolv.conf nameservers DNS capture reads (--dns-server). */
  readonly dnsServers: readonly string[];
  /** Whether the pod has an IPv6 address (ENABLE_INBOUND_IPV6). */
  readonly ipv6: boolean;
  /** One line a shell accepts: `NAME=value … istio-iptables -p 15001 …`. */
  readonly text: string;
}

const SAFE = /^[A-Za-z0-9_./:,=@%+-]+$/;

export function shellQuote(word: string): string {
  return SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command line that gives this configuration: the injector's usual flags always (-p -z -u -m -i -x -b -d), every
 * other flag only when it differs from istio-iptables' default, env-only settings as env variables.
 */
export function configToArgs(config: IstioConfig): CommandLine {
  const t = fieldText(config);
  const args: string[] = [
    '-p',
    t.proxyPort as string,
    '-z',
    t.inboundCapturePort as string,
    '-u',
    t.proxyUid as string,
  ];
  if (t.proxyGid !== t.proxyUid) args.push('-g', t.proxyGid as string);
  args.push(
    '-m',
    config.interceptionMode,
    '-i',
    t.outboundIpRangesInclude as string,
    '-x',
    t.outboundIpRangesExclude as string,
  );
  args.push('-b', t.inboundPortsInclude as string, '-d', t.inboundPortsExclude as string);
  const optional: [string, string, string][] = [
    ['-e', t.inboundTunnelPort as string, '15008'],
    ['-t', t.tproxyMark as string, '1337'],
    ['-r', t.tproxyRouteTable as string, '133'],
    ['-q', t.outboundPortsInclude as string, ''],
    ['-o', t.outboundPortsExclude as string, ''],
    ['-k', t.rerouteVirtualInterfaces as string, ''],
    ['-c', t.excludeInterfaces as string, ''],
  ];
  for (const [flag, value, def] of optional) if (value !== def) args.push(flag, value);
  const bools: [boolean, string][] = [
    [config.redirectDns, '--redirect-dns'],
    [config.captureAllDns, '--capture-all-dns'],
    [config.dropInvalid, '--drop-invalid'],
    [config.dualStack, '--dual-stack'],
    [config.traceLogging, '--iptables-trace-logging'],
    [config.nativeNftables, '--native-nftables'],
  ];
  for (const [on, flag] of bools) if (on) args.push(flag);
  const env: { name: string; value: string }[] = [];
  if (t.ownerGroupsInclude !== '*')
    env.push({ name: 'ISTIO_OUTBOUND_OWNER_GROUPS', value: t.ownerGroupsInclude as string });
  if (t.ownerGroupsExclude !== '')
    env.push({ name: 'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE', value: t.ownerGroupsExclude as string });
  if (config.hostIpv4LoopbackCidr !== '127.0.0.1/32') {
    env.push({ name: 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR', value: config.hostIpv4LoopbackCidr });
  }
  const dnsServers =
    config.redirectDns && !config.captureAllDns ? [...config.dnsServersV4, ...config.dnsServersV6] : [];
  const words = [...env.map((e) => `${e.name}=${shellQuote(e.value)}`), 'istio-iptables', ...args.map(shellQuote)];
  return { args, env, dnsServers, ipv6: config.enableIpv6, text: words.join(' ') };
}
