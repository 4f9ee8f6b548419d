// A suspected false alarm (task I13e): Istio 1.25 rules generated with `-o 53 --redirect-dns --capture-all-dns`, checked
// against that configuration. istio-iptables writes `-p tcp --dport 53 -j RETURN` and `-p udp --dport 53 -j RETURN`
// first in nat ISTIO_OUTPUT (-o 53; UDP's from 1.25, tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01),
// so no query reaches ISTIO_OUTPUT_DNS: DNS capture does nothing, which the configuration asked for. dns-captured
// reported VIOLATED on the TCP query that -o 53 returns: a false alarm, now not applicable. The raw table's zone rules
// do not know -o 53: capture-all-dns's `-A ISTIO_OUTPUT_DNS -p udp --dport 53 -j CT --zone 2` still tracks the query
// in zone 2 and `-A ISTIO_INBOUND -p udp --sport 53 -j CT --zone 1` the server's answer in zone 1, so both entries stay
// UNREPLIED (the kernel shows exactly that on both backends: test/oracle/dns-oracle.test.ts, case
// capture-all-dns-o-53) while the answer is delivered, the symptom of Istio #46935: a real finding, kept VIOLATED.
import { describe, expect, it } from 'vitest';
import { intentOf, NO_NAMES } from '../../model/configured/index.ts';
import { checkWorld, type InvariantId } from '../../model/invariants/index.ts';
import {
  generate,
  type IstioConfig,
  type IstioVersion,
  injectedConfig,
  planRulesets,
} from '../../model/istio/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';

const DNS_IDS: InvariantId[] = ['dns-captured', 'dns-proxy-no-loop', 'dns-zone-consistency', 'dns-exclusions'];

function check(version: IstioVersion, extra: Partial<IstioConfig>) {
  const config: IstioConfig = { ...injectedConfig(version).config!, redirectDns: true, ...extra };
  const result = generate(config, version);
  if (!result.ok) throw new Error(result.reasons.join('; '));
  const world = makeWorld({
    rulesets: { ipv4: planRulesets(result.plan)[0]! },
    envoy: findProfile('istio-1.25')!.envoy,
  });
  const { intent } = intentOf(config, version, 'ipv4', NO_NAMES);
  const report = checkWorld(world, { lint: false, intent, only: DNS_IDS });
  return Object.fromEntries(report.invariants.map((r) => [r.id, r]));
}

describe('-o 53 with --redirect-dns --capture-all-dns on Istio 1.25', () => {
  const r = check('1.25', { captureAllDns: true, dnsServersV4: [], outboundPortsExclude: [15020, 53] });

  it('dns-captured does not apply: -o 53 keeps every query out of capture (was a false alarm on TCP)', () => {
    expect(r['dns-captured']!.status).toBe('not-applicable');
    expect(r['dns-captured']!.reason).toMatch(/^the configuration excludes outbound port 53 \(-o 53\)/);
  });

  it('dns-exclusions holds: no application query reaches 15053', () => {
    expect(r['dns-exclusions']!.status).toBe('holds');
    expect(r['dns-exclusions']!.checked).toBeGreaterThan(0);
    expect(r['dns-proxy-no-loop']!.status).toBe('holds');
  });

  it('dns-zone-consistency is violated for real: the uncaptured UDP query in zone 2, its answer new in zone 1', () => {
    const z = r['dns-zone-consistency']!;
    expect(z.status).toBe('violated');
    expect(z.counterexample!.connection.protocol).toBe('udp');
    expect(z.counterexample!.why).toMatch(/in zone 2; its answer .* in zone 1 \(new\), answered/);
  });
});

describe('dns-captured still judges the queries -o 53 does not keep out', () => {
  it('on 1.22, where -o 53 returns TCP only, the UDP query to the listed server is in scope and captured', () => {
    const r = check('1.22', { dnsServersV4: ['10.251.0.53'], outboundPortsExclude: [53] });
    expect(r['dns-captured']!.status).toBe('holds');
    expect(r['dns-captured']!.checked).toBeGreaterThan(0);
    expect(r['dns-exclusions']!.status).toBe('holds');
  });
});
