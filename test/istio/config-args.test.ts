// Way in 2: an istio-iptables command line with env variables, DNS servers and the pod's address family. Precedence
// and parsing follow pflag and tools/istio-iptables/pkg/cmd/root.go; every golden configuration round-trips through
// configToArgs.
import { describe, expect, test } from 'vitest';
import { configFromArgs, configToArgs, injectedArgs, injectedConfig } from '../../model/istio/index.ts';
import { codes, GOLDEN_CASES, goldenConfig } from './helpers.ts';

const read = (line: string, options = {}) => configFromArgs(line, { ipv6: false, ...options });

describe('the command line', () => {
  test('the injected command line of 1.25 (quotes, \'*\' and an empty "")', () => {
    const r = read(
      `istio-iptables -p "15001" -z "15006" -u "1337" -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020 --log_output_level=default:info`,
    );
    expect(r.issues).toEqual([]);
    expect(r.config).toMatchObject({
      proxyPort: 15001,
      inboundCapturePort: 15006,
      proxyUid: [{ kind: 'id', id: 1337 }],
      proxyGid: [{ kind: 'id', id: 1337 }],
      outboundIpRangesInclude: { kind: 'all' },
      outboundIpRangesExclude: [],
      inboundPortsInclude: { kind: 'all' },
      inboundPortsExclude: [15090, 15021, 15020],
    });
  });

  test('long flags with = or a separate value, and pflag shorthands -p15001 and -z=15006', () => {
    const r = read('--envoy-port=15011 --inbound-capture-port 15016 -e15018 -z=15026');
    expect(r.config).toMatchObject({ proxyPort: 15011, inboundCapturePort: 15026, inboundTunnelPort: 15018 });
  });

  test('a repeated flag: the last one wins', () => {
    expect(read('-p 1 -p 2').config?.proxyPort).toBe(2);
  });

  test('-g defaults to -u', () => {
    expect(read('-u 3,4').config?.proxyGid).toEqual([
      { kind: 'id', id: 3 },
      { kind: 'id', id: 4 },
    ]);
  });

  test('without -u: 1337, and "1337,0" in 1.4 to 1.7 (root.go)', () => {
    expect(read('').config?.proxyUid).toEqual([{ kind: 'id', id: 1337 }]);
    expect(read('', { version: '1.7' }).config?.proxyUid).toEqual([
      { kind: 'id', id: 1337 },
      { kind: 'id', id: 0 },
    ]);
  });

  test('an unknown flag is an error with the nearest known flag', () => {
    const r = read('--istio-service-cidrr 10.0.0.0/8');
    expect(codes(r)).toEqual([{ code: 'unknown-flag', severity: 'error', field: undefined }]);
    expect(r.issues[0]!.message).toBe('unknown flag --istio-service-cidrr; did you mean --istio-service-cidr?');
  });

  test('a flag the version does not know is an error (cobra rejects it)', () => {
    const r = read('-c eth1', { version: '1.11' });
    expect(codes(r)).toEqual([{ code: 'unknown-flag', severity: 'error', field: undefined }]);
    expect(r.issues[0]!.message).toBe('istio-iptables 1.11 has no -c flag (it has it from 1.12)');
  });

  test('a flag without its value, an unterminated quote, a stray word', () => {
    expect(codes(read('-p'))).toEqual([{ code: 'missing-value', severity: 'error', field: undefined }]);
    expect(codes(read("-i '10.0.0.0/8"))).toEqual([
      { code: 'unterminated-quote', severity: 'error', field: undefined },
    ]);
    expect(codes(read('-p 15001 extra'))).toEqual([
      { code: 'unexpected-argument', severity: 'warning', field: undefined },
    ]);
  });

  test('a bad value names the flag as written', () => {
    const r = read('-x 10.0.0.0/33');
    expect(r.issues[0]!.message).toMatch(/^-x "10.0.0.0\/33": "10.0.0.0\/33" is not a CIDR/);
    const long = read('--istio-service-exclude-cidr=10.0.0.0/33');
    expect(long.issues[0]!.message).toMatch(/^--istio-service-exclude-cidr "10.0.0.0\/33"/);
  });
});

describe('env variables', () => {
  test('the alias ISTIO_META_DNS_CAPTURE is read after REDIRECT_DNS, and a flag wins over both', () => {
    const env = { REDIRECT_DNS: 'false', ISTIO_META_DNS_CAPTURE: 'true' };
    expect(read('', { env, dnsServers: ['10.96.0.10'] }).config?.redirectDns).toBe(true);
    expect(read('--redirect-dns=false', { env }).config?.redirectDns).toBe(false);
  });

  test('a boolean Go cannot parse is ignored by pflag (warning)', () => {
    const r = read('', { env: { INVALID_DROP: 'yes' } });
    expect(r.config?.dropInvalid).toBe(false);
    expect(codes(r)).toEqual([{ code: 'bad-bool', severity: 'warning', field: 'dropInvalid' }]);
  });

  test('env-only settings: owner groups and the loopback CIDR', () => {
    const r = read('', {
      env: { ISTIO_OUTBOUND_OWNER_GROUPS: 'java,202', ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1/8' },
    });
    expect(r.config?.ownerGroupsInclude).toEqual({
      kind: 'list',
      items: [
        { kind: 'name', name: 'java' },
        { kind: 'id', id: 202 },
      ],
    });
    expect(r.config?.hostIpv4LoopbackCidr).toBe('127.0.0.1/8');
  });

  test('an env variable the version does not read is ignored with a warning', () => {
    const r = read('', { version: '1.13', env: { ISTIO_OUTBOUND_OWNER_GROUPS: 'java' } });
    expect(r.config?.ownerGroupsInclude).toEqual({ kind: 'all' });
    expect(codes(r)).toEqual([{ code: 'ignored-input', severity: 'warning', field: 'ownerGroupsInclude' }]);
  });

  test('a bad env value names the env variable', () => {
    const r = read('', { env: { ISTIO_SERVICE_EXCLUDE_CIDR: '1.2.3.4/40' } });
    expect(r.issues[0]!.message).toMatch(/^env ISTIO_SERVICE_EXCLUDE_CIDR="1.2.3.4\/40": /);
  });
});

describe('pod facts: DNS servers and the address family', () => {
  test('DNS servers split by family, used only with DNS capture and not capture-all', () => {
    const r = read('--redirect-dns', { dnsServers: ['127.0.0.53', '::127.0.0.53'] });
    expect(r.config).toMatchObject({ dnsServersV4: ['127.0.0.53'], dnsServersV6: ['::127.0.0.53'] });
    expect(read('--redirect-dns --capture-all-dns', { dnsServers: ['127.0.0.53'] }).config?.dnsServersV4).toEqual([]);
  });

  test('ENABLE_INBOUND_IPV6 from the pod addresses: the first decides, any IPv6 with --dual-stack', () => {
    const ips = ['10.0.0.5', 'fd00::5'];
    expect(configFromArgs('', { podIps: ips }).config?.enableIpv6).toBe(false);
    expect(configFromArgs('--dual-stack', { podIps: ips }).config?.enableIpv6).toBe(true);
    expect(configFromArgs('', { podIps: ['fd00::5'] }).config?.enableIpv6).toBe(true);
  });
});

describe('round trip', () => {
  test.each(GOLDEN_CASES)('%s: configToArgs read back by configFromArgs gives the JSON configuration', (name) => {
    const config = goldenConfig(name);
    const line = configToArgs(config);
    const back = configFromArgs(line.args, { env: line.env, dnsServers: line.dnsServers, ipv6: line.ipv6 });
    expect(back.config).toEqual(config);
  });

  test.each(['1.4', '1.5', '1.8', '1.25'] as const)('the injected configuration of %s reads back', (version) => {
    const r = injectedConfig(version);
    expect(r.issues).toEqual([]);
    expect(configFromArgs(['istio-iptables', ...injectedArgs(version)], { version, ipv6: false }).config).toEqual(
      r.config,
    );
  });
});
