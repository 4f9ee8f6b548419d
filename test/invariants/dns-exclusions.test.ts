// dns-exclusions: the queries istio-iptables keeps out of DNS capture never reach 15053. Which ones it keeps out is
// read from capture/run.go (istio/istio 86c9f01): `-o 53` writes `-p tcp --dport 53 -j RETURN` before the DNS
// redirects in every version and a `-p udp` twin from 1.25; 1.23 and 1.24 append their UDP redirects to ISTIO_OUTPUT
// after the -x RETURNs; a server outside the list is not redirected unless capture-all-dns. The killers are single
// mutants of the generated rules, judged against the configuration's intent (a mutant cannot erase what it breaks).
import { describe, expect, it } from 'vitest';
import { intentOf, NO_NAMES } from '../../model/configured/index.ts';
import { checkWorld, type Intent } from '../../model/invariants/index.ts';
import {
  generate,
  type IstioConfig,
  type IstioVersion,
  injectedConfig,
  planRulesets,
} from '../../model/istio/index.ts';
import { generateMutants } from '../../model/mutate/index.ts';
import { parseAddr, parseCidr } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { Ruleset } from '../../model/ruleset/index.ts';

const KUBE_DNS = '10.251.0.53';
/** -x 10.251.0.0/16, as the configuration parser reads it (address as written, masked network). */
const X = [{ addr: parseAddr('10.251.0.0'), prefix: 16, family: 'ipv4' as const, cidr: parseCidr('10.251.0.0/16') }];

function config(version: IstioVersion, extra: Partial<IstioConfig>): IstioConfig {
  return { ...injectedConfig(version).config!, redirectDns: true, dnsServersV4: [KUBE_DNS], ...extra };
}

function rulesOf(c: IstioConfig, version: IstioVersion): Ruleset {
  const result = generate(c, version);
  if (!result.ok) throw new Error(result.reasons.join('; '));
  return planRulesets(result.plan)[0]!;
}

function verdict(rules: Ruleset, intent: Intent) {
  const world = makeWorld({
    rulesets: { ipv4: rules },
    envoy: findProfile('istio-1.25')!.envoy,
    dnsServers: [parseAddr(KUBE_DNS)],
  });
  return checkWorld(world, { lint: false, intent, only: ['dns-exclusions'] }).invariants[0]!;
}

function setup(version: IstioVersion, extra: Partial<IstioConfig> = {}) {
  const c = config(version, extra);
  return { rules: rulesOf(c, version), intent: intentOf(c, version, 'ipv4', NO_NAMES).intent };
}

describe('dns-exclusions', () => {
  it('holds on Istio 1.25 capturing kube-dns only: queries to other servers and with -o 53 are not captured', () => {
    for (const extra of [{}, { outboundPortsExclude: [53] }]) {
      const { rules, intent } = setup('1.25', extra);
      const r = verdict(rules, intent);
      expect(r.status, JSON.stringify(extra)).toBe('holds');
      expect(r.checked).toBeGreaterThan(0);
    }
  });

  it('holds on Istio 1.23 where -x covers the server: its UDP queries return before the UDP redirect', () => {
    const { rules, intent } = setup('1.23', { outboundIpRangesExclude: X });
    expect(intent.dnsKeptOut.udp.cidrs.map((c) => c.prefix)).toEqual([16]);
    expect(verdict(rules, intent).status).toBe('holds');
  });

  it('reads the carve-outs per version: -o 53 keeps UDP out from 1.25 only, -x only for UDP on 1.23 and 1.24', () => {
    const kept = (v: IstioVersion) => {
      const { tcp, udp } = setup(v, { outboundPortsExclude: [53], outboundIpRangesExclude: X }).intent.dnsKeptOut;
      return [tcp.port, tcp.cidrs.length, udp.port, udp.cidrs.length];
    };
    expect(kept('1.22')).toEqual([true, 0, false, 0]);
    expect(kept('1.24')).toEqual([true, 0, false, 1]);
    expect(kept('1.25')).toEqual([true, 0, true, 0]);
  });

  it('is not applicable, with the reason, when nothing is kept out or DNS is not captured', () => {
    const all = setup('1.25', { captureAllDns: true, dnsServersV4: [] });
    expect(verdict(all.rules, all.intent)).toMatchObject({
      status: 'not-applicable',
      reason:
        'the configuration keeps no DNS query out of capture (capture-all-dns, no -o 53, every owner group captured)',
    });
    const off = setup('1.25', { redirectDns: false });
    expect(verdict(off.rules, off.intent).reason).toMatch(/capture no DNS/);
  });

  it('is killed by a redirect that loses its server (`! -d`): a query to another server reaches 15053', () => {
    const { rules, intent } = setup('1.25');
    const m = generateMutants(rules).find((x) => x.id === 'negation nat ISTIO_OUTPUT_DNS#2: add ! on destination');
    const r = verdict(m!.ruleset, intent);
    expect(r.status).toBe('violated');
    expect(r.counterexample?.why).toMatch(
      /^the query to \S+:53 is redirected to 15053, though \S+ is not a DNS server the capture names, and capture-all-dns is off$/,
    );
  });

  it("is killed by deleting -o 53's UDP RETURN on 1.25: the query to kube-dns is captured though -o excludes 53", () => {
    const { rules, intent } = setup('1.25', { outboundPortsExclude: [53] });
    const m = generateMutants(rules).find((x) => x.id === 'delete nat ISTIO_OUTPUT#2');
    const r = verdict(m!.ruleset, intent);
    expect(r.status).toBe('violated');
    expect(r.counterexample?.why).toBe(
      'the query to 10.251.0.53:53 is redirected to 15053, though the configuration excludes outbound port 53 (-o)',
    );
  });
});
