// Way in 1: istio-iptables' configuration JSON. Every golden case's configuration reads without an error, to the
// values its JSON states; bad values are errors that name the JSON field and quote the value.
import { describe, expect, test } from 'vitest';
import { configFromJson, configToJson, prefixString } from '../../model/istio/index.ts';
import { codes, GOLDEN_CASES, goldenConfig, readConfigText } from './helpers.ts';

describe('the golden cases configurations', () => {
  test.each(GOLDEN_CASES)('%s reads without error or warning', (name) => {
    const r = configFromJson(readConfigText(name));
    expect(r.config).toBeDefined();
    expect(r.issues.filter((i) => i.severity !== 'note')).toEqual([]);
  });

  test('ip-range: uid and gid lists, CIDRs by family, DNS servers as written', () => {
    const c = goldenConfig('ip-range');
    expect(c.proxyUid).toEqual([
      { kind: 'id', id: 3 },
      { kind: 'id', id: 4 },
    ]);
    expect(c.proxyGid).toEqual([
      { kind: 'id', id: 1 },
      { kind: 'id', id: 2 },
    ]);
    expect(c.outboundIpRangesInclude.kind === 'list' && c.outboundIpRangesInclude.items.map(prefixString)).toEqual([
      '9.9.0.0/16',
    ]);
    expect(c.outboundIpRangesExclude.map(prefixString)).toEqual(['1.1.0.0/16']);
    expect(c.redirectDns).toBe(true);
    expect(c.dnsServersV4).toEqual(['127.0.0.53']);
    expect(c.inboundPortsInclude).toEqual({ kind: 'list', items: [] });
  });

  test('outbound-owner-groups: a group name is kept as a name, an id as an id', () => {
    expect(goldenConfig('outbound-owner-groups').ownerGroupsInclude).toEqual({
      kind: 'list',
      items: [
        { kind: 'name', name: 'java' },
        { kind: 'id', id: 202 },
      ],
    });
  });

  test('ipv6-ipnets: "6000,7000," drops the empty item (config.Split)', () => {
    expect(goldenConfig('ipv6-ipnets').inboundPortsExclude).toEqual([6000, 7000]);
  });

  test('inbound-ports-wildcard: "*" is all ports', () => {
    expect(goldenConfig('inbound-ports-wildcard').inboundPortsInclude).toEqual({ kind: 'all' });
  });

  test.each(GOLDEN_CASES)('%s: configToJson then configFromJson gives the same configuration', (name) => {
    const c = goldenConfig(name);
    expect(configFromJson(configToJson(c)).config).toEqual(c);
  });
});

describe('bad values are errors naming the field and the value', () => {
  const base = JSON.parse(readConfigText('empty')) as Record<string, unknown>;
  const withField = (name: string, value: unknown) => configFromJson({ ...base, [name]: value });

  test('a CIDR with a /33 prefix', () => {
    const r = withField('OUTBOUND_IPRANGES_EXCLUDE', '10.0.0.0/8,10.0.0.0/33');
    expect(r.config).toBeUndefined();
    expect(codes(r)).toEqual([{ code: 'bad-cidr', severity: 'error', field: 'outboundIpRangesExclude' }]);
    expect(r.issues[0]!.message).toMatch(
      /^OUTBOUND_IPRANGES_EXCLUDE: "10.0.0.0\/8,10.0.0.0\/33": "10.0.0.0\/33" is not a CIDR/,
    );
  });

  test('a bare address is not a CIDR for Go netip.ParsePrefix', () => {
    expect(codes(withField('OUTBOUND_IPRANGES_INCLUDE', '10.0.0.1'))).toEqual([
      { code: 'bad-cidr', severity: 'error', field: 'outboundIpRangesInclude' },
    ]);
  });

  test('"*" as the excluded ranges fails like istio-iptables', () => {
    expect(codes(withField('OUTBOUND_IPRANGES_EXCLUDE', '*'))).toEqual([
      { code: 'wildcard-exclude', severity: 'error', field: 'outboundIpRangesExclude' },
    ]);
  });

  test.each([
    ['PROXY_PORT', 'abc', 'bad-port', 'proxyPort'],
    ['PROXY_PORT', '70000', 'bad-port', 'proxyPort'],
    ['INBOUND_PORTS_INCLUDE', '08080', 'bad-port', 'inboundPortsInclude'],
    ['INBOUND_PORTS_EXCLUDE', '15090, 15021', 'bad-port', 'inboundPortsExclude'],
    ['PROXY_UID', '1337,-1', 'bad-owner', 'proxyUid'],
    ['HOST_IPV4_LOOPBACK_CIDR', '10.0.0.0/8', 'bad-loopback-cidr', 'hostIpv4LoopbackCidr'],
    ['HOST_IPV4_LOOPBACK_CIDR', '127.0.0.0/7', 'bad-loopback-cidr', 'hostIpv4LoopbackCidr'],
    ['KUBE_VIRT_INTERFACES', 'eth0,a-very-long-interface-name', 'bad-interface', 'rerouteVirtualInterfaces'],
    ['DNS_SERVERS_V4', ['fd00::53'], 'bad-address', 'dnsServersV4'],
  ])('%s %j is %s', (name, value, code, field) => {
    const r = withField(name, value);
    expect(codes(r).filter((i) => i.severity === 'error')).toEqual([{ code, severity: 'error', field }]);
    expect(r.issues[0]!.message.startsWith(`${name}: ${JSON.stringify(value)}`)).toBe(true);
  });

  test('65 owner groups in include mode are too many (validation.go)', () => {
    const groups = Array.from({ length: 65 }, (_, i) => String(1000 + i)).join(',');
    expect(codes(withField('OUTBOUND_OWNER_GROUPS_INCLUDE', groups))).toEqual([
      { code: 'too-many-groups', severity: 'error', field: 'ownerGroupsInclude' },
    ]);
    expect(withField('OUTBOUND_OWNER_GROUPS_INCLUDE', groups.split(',').slice(0, 64).join(',')).config).toBeDefined();
  });

  test('an unknown mode is a warning: istio-iptables treats it as REDIRECT', () => {
    const r = withField('INBOUND_INTERCEPTION_MODE', 'NONE');
    expect(r.config?.interceptionMode).toBe('REDIRECT');
    expect(codes(r)).toEqual([{ code: 'bad-mode', severity: 'warning', field: 'interceptionMode' }]);
  });

  test('an unknown field is a warning; a known non-rule field is accepted silently', () => {
    const r = configFromJson({ ...base, PROXY_PROT: '15001', RECONCILE: true });
    expect(r.issues.map((i) => [i.code, i.input?.kind === 'json' && i.input.name])).toEqual([
      ['unknown-field', 'PROXY_PROT'],
    ]);
  });

  test('not JSON, or not an object', () => {
    expect(codes(configFromJson('{'))).toEqual([{ code: 'bad-json', severity: 'error', field: undefined }]);
    expect(codes(configFromJson('[1]'))).toEqual([{ code: 'bad-json', severity: 'error', field: undefined }]);
  });

  test('a value of the wrong JSON type', () => {
    expect(codes(withField('REDIRECT_DNS', 'yes'))).toEqual([
      { code: 'bad-json', severity: 'error', field: 'redirectDns' },
    ]);
  });
});
