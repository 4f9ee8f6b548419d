// What the DNS oracle replays: the DNS scenarios of every Istio version whose generator supports DNS capture (rules
// from model/istio with capture on and a kube-dns Service address outside the pod as the resolv.conf server), and the
// two shared goldens with DNS rules, generated from their configurations (test/fixtures/istio/configs) with the
// newest version: their resolv.conf server is the 127.0.0.53 stub inside the pod, and their proxy runs as uid 3 gid 1
// (the first of PROXY_UID "3,4" and PROXY_GID "1,2"), which pilot-agent's stand-in does too. IPv6 cases (ipv6Cases):
// one shared golden has IPv6 DNS rules (dns-uid-gid, server ::127.0.0.53; the ipv6-dns-* goldens name no server), the
// others come from the profiles whose generator writes IPv6 DNS capture (1.12 on: DNS_SERVERS_V6 and one code path
// for both families) with IPv6 on and the kube-dns Service's IPv6 address as the resolv.conf server.
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import {
  atLeast,
  configFromJson,
  featuresOf,
  generate,
  type IstioConfig,
  type IstioVersion,
  injectedConfig,
  NEWEST_VERSION,
  planRulesets,
} from '../../model/istio/index.ts';
import { type Family, parseAddr } from '../../model/net/index.ts';
import { makeWorld, podListeners, type World } from '../../model/pod/index.ts';
import { findProfile, PROFILES, profileNamed } from '../../model/profiles/index.ts';
import { printDump } from '../../model/rules/index.ts';
import { addrText } from '../../model/trace/index.ts';

/** The Service address of kube-dns in the scenarios: outside the pod, owned by the oracle's remote namespace. */
export const KUBE_DNS = '10.251.0.53';
/** A DNS server outside the pod that is not in its resolv.conf (e.g. a public resolver a client names itself). */
export const OTHER_DNS = '10.251.0.99';
/** The same two in IPv6: the model's kube-dns Service (model/pod/world.ts KUBE_DNS) and an unlisted server. */
export const KUBE_DNS6 = 'fd00:251::53';
export const OTHER_DNS6 = 'fd00:251::99';

export interface DnsCase {
  readonly id: string;
  readonly version: IstioVersion;
  /** The family of the application's query (and of the server). */
  readonly family: Family;
  /** iptables-save text the kernel loads. */
  readonly rules: string;
  /** ip6tables-save text the kernel loads beside it, for an IPv6 case. */
  readonly rules6?: string;
  readonly world: World;
  /** The pod's resolv.conf server, where pilot-agent forwards. */
  readonly server: string;
  /** Where the application sends its query: the server, or another address (capture-all-dns, an uncaptured server). */
  readonly query: string;
  /** The protocols of the application's queries: UDP and TCP unless the case says otherwise. */
  readonly protocols: readonly ('udp' | 'tcp')[];
  readonly agent: { readonly uid: number; readonly gid: number };
  /** The pod's stub resolver when the model's world has one (a loopback resolv.conf server): see stubOf. */
  readonly stub?: StubResolver;
}

/** A stub resolver in the pod (systemd-resolved on 127.0.0.53): where it listens, as whom, where it forwards. */
export interface StubResolver {
  readonly addr: string;
  readonly uid: number;
  readonly gid: number;
  /** The cluster's DNS Service address the model's stub forwards to; the oracle's remote namespace owns it. */
  readonly upstream: string;
}

/**
 * The stub resolver as the model's world has it: the listener of role dns-stub, the identity world.pod.stubResolver,
 * and the IPv4 kube-dns Service as its upstream (model/pod/follow-on.ts, stubUpstream). Undefined without a stub.
 */
export function stubOf(world: World): StubResolver | undefined {
  const listener = podListeners(world.pod).find((l) => l.role === 'dns-stub');
  if (!listener || typeof listener.bind === 'string') return undefined;
  const kubeDns = world.services.find((s) => s.name === 'kube-dns' && s.vip.addr.family === 'ipv4');
  if (!kubeDns) throw new Error('the world has a stub resolver but no IPv4 kube-dns Service for it to forward to');
  const { uid, gid } = world.pod.stubResolver;
  return { addr: addrText(listener.bind), uid, gid, upstream: addrText(kubeDns.vip.addr) };
}

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'istio', 'configs');

function firstId(refs: IstioConfig['proxyUid']): number | undefined {
  const ref = refs[0];
  return ref?.kind === 'id' ? ref.id : undefined;
}

function dnsCase(
  id: string,
  version: IstioVersion,
  config: IstioConfig,
  server: string,
  query = server,
): DnsCase | undefined {
  const generated = generate(config, version);
  if (!generated.ok) throw new Error(`${id}: ${generated.reasons.join('; ')}`);
  const family: Family = isIPv6(server) ? 'ipv6' : 'ipv4';
  const all = planRulesets(generated.plan);
  const ipv4 = all.find((r) => r.family === 'ipv4');
  // An IPv4 case loads and models the IPv4 rules only (as it always has); an IPv6 case both families, a dual-stack pod.
  const ipv6 = family === 'ipv6' ? all.find((r) => r.family === 'ipv6') : undefined;
  const rules = ipv4 ? printDump({ rulesets: [ipv4] }) : '';
  const rules6 = ipv6 ? printDump({ rulesets: [ipv6] }) : undefined;
  const own = family === 'ipv6' ? rules6 : rules;
  if (!own?.includes('15053')) return undefined;
  const uid = firstId(config.proxyUid) ?? 1337;
  const gid = firstId(config.proxyGid) ?? uid;
  // Envoy's behaviour does not enter a DNS flow; the goldens' version has no profile, so the newest profile's stands in.
  const profile = findProfile(`istio-${version}`) ?? profileNamed('istio-1.25');
  // An IPv6 case's pod is dual-stack: its IPv4 resolv.conf server too (pilot-agent forwards within the query's family).
  const servers = family === 'ipv4' ? [server] : [...new Set([...config.dnsServersV4, server])];
  const world = makeWorld({
    rulesets: { ...(ipv4 ? { ipv4 } : {}), ...(ipv6 ? { ipv6 } : {}) },
    envoy: profile.envoy,
    proxyUid: uid,
    proxyGid: gid,
    dnsServers: servers.map(parseAddr),
  });
  // The stub resolver listens on an IPv4 loopback address: an IPv6 query never reaches it.
  const stub = family === 'ipv4' ? stubOf(world) : undefined;
  return {
    id,
    version,
    family,
    rules,
    ...(rules6 === undefined ? {} : { rules6 }),
    world,
    server,
    query,
    protocols: ['udp', 'tcp'],
    agent: { uid, gid },
    ...(stub ? { stub } : {}),
  };
}

/** One case per profile whose version has DNS capture (1.9 on), rules generated with capture on for kube-dns. */
export function versionCases(): DnsCase[] {
  return PROFILES.flatMap((p) => {
    const v = p.name.replace(/^istio-/, '') as IstioVersion;
    if (featuresOf(v).dns === null) return [];
    const base = injectedConfig(v).config;
    if (!base) return [];
    const c = dnsCase(`istio-${v}`, v, { ...base, redirectDns: true, dnsServersV4: [KUBE_DNS] }, KUBE_DNS);
    return c ? [c] : [];
  });
}

/** The shared goldens with DNS rules, from their configurations, in one family. */
export function goldenCases(
  names: readonly string[] = ['dns-uid-gid', 'ip-range'],
  family: Family = 'ipv4',
): DnsCase[] {
  return names.map((name) => {
    const result = configFromJson(readFileSync(join(CONFIG_DIR, `${name}.json`), 'utf8'));
    if (!result.config) throw new Error(`${name}: ${JSON.stringify(result.issues)}`);
    const server = (family === 'ipv4' ? result.config.dnsServersV4 : result.config.dnsServersV6)[0];
    if (!server) throw new Error(`${name} names no ${family} DNS server`);
    const id = family === 'ipv4' ? `golden:${name}` : `golden:${name}:ipv6`;
    const c = dnsCase(id, NEWEST_VERSION, result.config, server);
    if (!c) throw new Error(`${name}: the generated ${family} rules have no DNS capture`);
    return c;
  });
}

/**
 * Queries to a server the resolv.conf does not name, on the newest profile: with --capture-all-dns (istio-iptables
 * then reads no server list and redirects every port-53 query, tools/istio-iptables/pkg/capture/run.go) pilot-agent
 * answers it from the address asked; with capture of the resolv.conf servers only, a UDP query leaves the pod
 * uncaptured and that server answers; with --capture-all-dns and -o 53, the application's query leaves the pod
 * uncaptured to the server asked. (The TCP query to it is outbound TCP like any other, redirected to Envoy's 15001,
 * which the DNS session does not run: the TCP oracle covers that path.)
 */
export function reachCases(): DnsCase[] {
  const v = NEWEST_VERSION;
  const base = injectedConfig(v).config;
  if (!base) throw new Error(`no injected configuration for ${v}`);
  const all = { ...base, redirectDns: true, captureAllDns: true, dnsServersV4: [] };
  const listed = { ...base, redirectDns: true, dnsServersV4: [KUBE_DNS] };
  // -o 53 returns every query before the DNS redirects, but the raw table's zone rules do not know it: the query is
  // tracked in zone 2 by capture-all-dns's `--dport 53 -j CT --zone 2` and the server's answer in zone 1.
  const port53Out = { ...all, outboundPortsExclude: [...base.outboundPortsExclude, 53] };
  return [
    dnsCase(`istio-${v}:capture-all-dns`, v, all, KUBE_DNS, OTHER_DNS),
    dnsCase(`istio-${v}:unlisted-server`, v, listed, KUBE_DNS, OTHER_DNS),
    dnsCase(`istio-${v}:capture-all-dns-o-53`, v, port53Out, KUBE_DNS),
  ].map((c, i) => {
    if (!c) throw new Error(`reach case ${i}: the generated rules have no DNS capture`);
    return i === 1 ? { ...c, protocols: ['udp'] } : c;
  });
}

/**
 * IPv6 DNS on a dual-stack pod: one case per profile whose generator writes IPv6 rules and DNS_SERVERS_V6 (1.12 on),
 * with capture on for kube-dns in both families; then, on the newest version, capture-all-dns asked from an unlisted
 * IPv6 server (pilot-agent answers from the address asked) and capture of the listed servers only (a UDP query to an
 * unlisted IPv6 server leaves the pod untouched).
 */
export function ipv6Cases(): DnsCase[] {
  const both = (base: IstioConfig): IstioConfig => ({
    ...base,
    redirectDns: true,
    enableIpv6: true,
    dnsServersV4: [KUBE_DNS],
    dnsServersV6: [KUBE_DNS6],
  });
  const versions = PROFILES.flatMap((p) => {
    const v = p.name.replace(/^istio-/, '') as IstioVersion;
    const base = injectedConfig(v).config;
    if (featuresOf(v).dns === null || !atLeast(v, '1.12') || !base) return [];
    const c = dnsCase(`istio-${v}:ipv6`, v, both(base), KUBE_DNS6);
    return c ? [c] : [];
  });
  const v = NEWEST_VERSION;
  const base = injectedConfig(v).config;
  if (!base) throw new Error(`no injected configuration for ${v}`);
  const all = { ...both(base), captureAllDns: true, dnsServersV4: [], dnsServersV6: [] };
  const reach = [
    dnsCase(`istio-${v}:ipv6:capture-all-dns`, v, all, KUBE_DNS6, OTHER_DNS6),
    dnsCase(`istio-${v}:ipv6:unlisted-server`, v, both(base), KUBE_DNS6, OTHER_DNS6),
  ].map((c, i) => {
    if (!c) throw new Error(`IPv6 reach case ${i}: the generated rules have no IPv6 DNS capture`);
    return i === 1 ? { ...c, protocols: ['udp' as const] } : c;
  });
  // dns-uid-gid is the one shared golden with IPv6 DNS rules: its server ::127.0.0.53 is outside the pod.
  return [...versions, ...reach, ...goldenCases(['dns-uid-gid'], 'ipv6')];
}
