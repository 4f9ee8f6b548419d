// The configuration read back from rules alone: every golden and every profile is reproduced exactly by the inferred
// configuration at a range of versions that contains the true one, and the inferred flags are the ones the case was
// generated with (except what no rule shows, listed per case).
import { describe, expect, test } from 'vitest';
import {
  fieldText,
  type IstioConfig,
  type IstioVersion,
  inferConfig,
  injectedConfig,
  inRange,
} from '../../model/istio/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { GOLDEN_CASES, goldenConfig, PROFILE_VERSIONS, readGolden, readProfileRules } from './helpers.ts';

/** The fields every rule set shows, as istio-iptables holds them. */
function visible(c: IstioConfig) {
  const t = fieldText(c);
  return {
    p: t.proxyPort,
    z: t.inboundCapturePort,
    u: t.proxyUid,
    g: t.proxyGid,
    m: t.interceptionMode,
    b: t.inboundPortsInclude,
    i: t.outboundIpRangesInclude,
    x: t.outboundIpRangesExclude,
    q: t.outboundPortsInclude,
    o: t.outboundPortsExclude,
    k: t.rerouteVirtualInterfaces,
    c: t.excludeInterfaces,
    // From 1.25, DNS capture with no server and no capture-all is turned off: such a configuration writes no DNS rule.
    dns: c.redirectDns && (c.captureAllDns || c.dnsServersV4.length + c.dnsServersV6.length > 0),
    dropInvalid: t.dropInvalid,
    ipv6: t.enableIpv6,
    groups: [t.ownerGroupsInclude, t.ownerGroupsExclude],
  };
}

describe.each(GOLDEN_CASES)('golden %s', (name) => {
  const inference = inferConfig(parseDumpOrThrow(readGolden(name)).rulesets);

  test('an exact configuration, at versions that include master (1.31)', () => {
    expect(inference.exact.length).toBeGreaterThan(0);
    expect(inference.ranges.some((r) => inRange('1.31', r))).toBe(true);
  });

  test("the inferred flags are the case's", () => {
    const group = inference.exact.find((c) => c.versions.includes('1.31'))!;
    expect(visible(group.config)).toEqual(visible(goldenConfig(name)));
  });
});

test('what the rules do not show: -d beside a port list, the loopback CIDR as written, a DNS server as written', () => {
  const at = (name: string) =>
    inferConfig(parseDumpOrThrow(readGolden(name)).rulesets).exact.find((c) => c.versions.includes('1.31'))!;
  expect(goldenConfig('ipv6-ipnets').inboundPortsExclude).toEqual([6000, 7000]);
  expect(at('ipv6-ipnets').config.inboundPortsExclude).toEqual([]);
  expect(at('ipv6-ipnets').notes).toContain(
    'INBOUND_PORTS_EXCLUDE cannot be read back when the included ports are a list (istio-iptables ignores it): none assumed',
  );
  expect(at('host-ipv4-loopback-cidr').config.hostIpv4LoopbackCidr).toBe('127.0.0.0/8');
  expect(at('dns-uid-gid').config.dnsServersV6).toEqual(['::7f00:35']);
});

describe.each(PROFILE_VERSIONS)('profile istio-%s', (version) => {
  const inference = inferConfig(parseDumpOrThrow(readProfileRules(version)).rulesets);

  test('an exact configuration whose versions include the profile version', () => {
    expect(inference.ranges.some((r) => inRange(version as IstioVersion, r))).toBe(true);
  });

  test('at the profile version, the inferred configuration is the injected one', () => {
    const group = inference.exact.find((c) => c.versions.includes(version as IstioVersion))!;
    expect(visible(group.config)).toEqual(visible(injectedConfig(version as IstioVersion).config!));
    expect(fieldText(group.config).inboundPortsExclude).toBe(
      fieldText(injectedConfig(version as IstioVersion).config!).inboundPortsExclude,
    );
  });
});

test("1.5's rules are also what 1.13 to 1.17 write with the tunnel port -e 22 (its RETURN comes first)", () => {
  const inference = inferConfig(parseDumpOrThrow(readProfileRules('1.5')).rulesets);
  const summary = inference.exact.map((c) => [
    c.ranges,
    fieldText(c.config).inboundTunnelPort,
    fieldText(c.config).inboundPortsExclude,
  ]);
  expect(summary).toEqual([
    [[{ from: '1.5', to: '1.6' }], '15008', '15090,15020'],
    [[{ from: '1.13', to: '1.17' }], '22', '15090,15020'],
  ]);
});

test('rules istio-iptables never writes: nothing to read, every version says why', () => {
  const inference = inferConfig(
    parseDumpOrThrow('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n').rulesets,
  );
  expect(inference.exact).toEqual([]);
  expect(inference.nearest).toEqual([]);
  expect(inference.skipped).toHaveLength(28);
});
