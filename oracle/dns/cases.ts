// What the DNS oracle replays: the DNS scenarios of every Istio version whose generator supports DNS capture (rules
// from model/istio with capture on and a kube-dns Service address outside the pod as the resolv.conf server), and the
// two shared goldens with DNS rules, generated from their configurations (test/fixtures/istio/configs) with the
// newest version: their resolv.conf server is the 127.0.0.53 stub inside the pod, and their proxy runs as uid 3 gid 1
// (the first of PROXY_UID "3,4" and PROXY_GID "1,2"), which pilot-agent's stand-in does too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  configFromJson,
  featuresOf,
  generate,
  type IstioConfig,
  type IstioVersion,
  injectedConfig,
  NEWEST_VERSION,
  planRulesets,
} from '../../model/istio/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld, type World } from '../../model/pod/index.ts';
import { findProfile, PROFILES, profileNamed } from '../../model/profiles/index.ts';
import { printDump } from '../../model/rules/index.ts';

/** The Service address of kube-dns in the scenarios: outside the pod, owned by the oracle's remote namespace. */
export const KUBE_DNS = '10.251.0.53';

export interface DnsCase {
  readonly id: string;
  readonly version: IstioVersion;
  /** iptables-save text the kernel loads. */
  readonly rules: string;
  readonly world: World;
  readonly server: string;
  readonly agent: { readonly uid: number; readonly gid: number };
}

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'istio', 'configs');

function firstId(refs: IstioConfig['proxyUid']): number | undefined {
  const ref = refs[0];
  return ref?.kind === 'id' ? ref.id : undefined;
}

function dnsCase(id: string, version: IstioVersion, config: IstioConfig, server: string): DnsCase | undefined {
  const generated = generate(config, version);
  if (!generated.ok) throw new Error(`${id}: ${generated.reasons.join('; ')}`);
  const ruleset = planRulesets(generated.plan)[0];
  // IPv4 only: the oracle's namespaces are IPv4, and the model's world is given the same ruleset.
  const rules = ruleset ? printDump({ rulesets: [ruleset] }) : '';
  if (!ruleset || !rules.includes('15053')) return undefined;
  const uid = firstId(config.proxyUid) ?? 1337;
  const gid = firstId(config.proxyGid) ?? uid;
  // Envoy's behaviour does not enter a DNS flow; the goldens' version has no profile, so the newest profile's stands in.
  const profile = findProfile(`istio-${version}`) ?? profileNamed('istio-1.25');
  const world = makeWorld({
    rulesets: { ipv4: ruleset },
    envoy: profile.envoy,
    proxyUid: uid,
    proxyGid: gid,
    dnsServers: [parseAddr(server)],
  });
  return { id, version, rules, world, server, agent: { uid, gid } };
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

/** The shared goldens with DNS rules, from their configurations. */
export function goldenCases(names: readonly string[] = ['dns-uid-gid', 'ip-range']): DnsCase[] {
  return names.map((name) => {
    const result = configFromJson(readFileSync(join(CONFIG_DIR, `${name}.json`), 'utf8'));
    if (!result.config) throw new Error(`${name}: ${JSON.stringify(result.issues)}`);
    const server = result.config.dnsServersV4[0];
    if (!server) throw new Error(`${name} names no IPv4 DNS server`);
    const c = dnsCase(`golden:${name}`, NEWEST_VERSION, result.config, server);
    if (!c) throw new Error(`${name}: the generated rules have no DNS capture`);
    return c;
  });
}
