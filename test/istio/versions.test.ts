// Differences between istio-iptables versions, each checked on a small configuration against rules written by hand
// from reading Istio's source at the tags (the commits are cited in model/istio/generate/features.ts).
import { describe, expect, test } from 'vitest';
import {
  configFromArgs,
  dryRun,
  generate,
  type IstioConfig,
  type IstioVersion,
  planRulesets,
} from '../../model/istio/index.ts';
import { ruleText } from '../../model/rules/index.ts';
import { codes } from './helpers.ts';

function config(line: string, options: Parameters<typeof configFromArgs>[1] = {}): IstioConfig {
  const r = configFromArgs(line, { ipv6: false, ...options });
  if (!r.config) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.config;
}

function chain(c: IstioConfig, v: IstioVersion, table: string, name: string, family = 0): string[] {
  const g = generate(c, v);
  if (!g.ok) throw new Error(g.reasons.join('; '));
  const rs = planRulesets(g.plan)[family]!;
  const ch = rs.tables.find((t) => t.name === table)?.chains.find((x) => x.name === name);
  return ch ? ch.rules.map((r) => ruleText(name, r)) : [];
}

const DEFAULT = "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020";

describe('inbound', () => {
  test('22 is excluded before the -d ports until 1.12, and 15008 first from 1.7', () => {
    expect(chain(config(DEFAULT), '1.12', 'nat', 'ISTIO_INBOUND')).toEqual([
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN',
      '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
    ]);
    expect(chain(config(DEFAULT), '1.13', 'nat', 'ISTIO_INBOUND')[1]).toBe(
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
    );
    expect(chain(config(DEFAULT), '1.6', 'nat', 'ISTIO_INBOUND')[0]).toBe(
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN',
    );
  });

  test('with a port list, 1.5 redirects inbound to -p (15001), 1.6 to -z (15006)', () => {
    const c = config('-b 8080 -i "*"');
    expect(chain(c, '1.5', 'nat', 'ISTIO_IN_REDIRECT')).toEqual([
      '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
    ]);
    expect(chain(c, '1.6', 'nat', 'ISTIO_IN_REDIRECT')).toEqual([
      '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
    ]);
  });

  test('1.4: any-owner loopback traffic goes to ISTIO_IN_REDIRECT; no per-owner redirect rules', () => {
    expect(chain(config(DEFAULT, { version: '1.4' }), '1.4', 'nat', 'ISTIO_OUTPUT').slice(0, 3)).toEqual([
      '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN',
      '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -j ISTIO_IN_REDIRECT',
      '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
    ]);
  });

  test('1.4 without IPv6 rewrites ip6tables filter INPUT to established, loopback, reject', () => {
    expect(chain(config(DEFAULT, { version: '1.4' }), '1.4', 'filter', 'INPUT', 1)).toHaveLength(3);
    expect(chain(config(DEFAULT, { version: '1.4' }), '1.4', 'filter', 'INPUT', 1)[2]).toBe('-A INPUT -j REJECT');
  });
});

describe('outbound', () => {
  test('the OUTPUT jump is tcp-only until 1.24 and protocol-independent from 1.25', () => {
    expect(chain(config(DEFAULT), '1.24', 'nat', 'OUTPUT')).toEqual(['-A OUTPUT -p tcp -j ISTIO_OUTPUT']);
    expect(chain(config(DEFAULT), '1.25', 'nat', 'OUTPUT')).toEqual(['-A OUTPUT -j ISTIO_OUTPUT']);
  });

  test('the owner redirect skips the tunnel port from 1.18', () => {
    expect(chain(config(DEFAULT), '1.17', 'nat', 'ISTIO_OUTPUT')[1]).toBe(
      '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
    );
    expect(chain(config(DEFAULT), '1.18', 'nat', 'ISTIO_OUTPUT')[1]).toBe(
      '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
    );
  });

  test('CIDR includes end with a RETURN until 1.22, not from 1.23', () => {
    const c = config('-i 10.0.0.0/8');
    expect(chain(c, '1.22', 'nat', 'ISTIO_OUTPUT').slice(-2)).toEqual([
      '-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT',
      '-A ISTIO_OUTPUT -j RETURN',
    ]);
    expect(chain(c, '1.23', 'nat', 'ISTIO_OUTPUT').at(-1)).toBe('-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT');
  });

  test('-o returns UDP too from 1.25', () => {
    const c = config('-o 3306');
    expect(chain(c, '1.24', 'nat', 'ISTIO_OUTPUT')[0]).toBe('-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN');
    expect(chain(c, '1.25', 'nat', 'ISTIO_OUTPUT').slice(0, 2)).toEqual([
      '-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN',
      '-A ISTIO_OUTPUT -p udp -m udp --dport 3306 -j RETURN',
    ]);
  });

  test('a loopback CIDR in -i drops the "-o lo ! --uid-owner" RETURNs from 1.7', () => {
    const c = config('-i 127.1.2.3/32');
    expect(chain(c, '1.6', 'nat', 'ISTIO_OUTPUT')).toContain(
      '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
    );
    expect(chain(c, '1.7', 'nat', 'ISTIO_OUTPUT')).not.toContain(
      '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
    );
  });

  test('the dry-run text of a CIDR: masked before 1.16, as written from 1.16', () => {
    const c = config('-i 10.1.2.3/8');
    const text = (v: IstioVersion) => {
      const g = generate(c, v);
      return g.ok ? dryRun(g.plan) : '';
    };
    expect(text('1.15')).toContain('-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT');
    expect(text('1.16')).toContain('-A ISTIO_OUTPUT -d 10.1.2.3/8 -j ISTIO_REDIRECT');
  });
});

describe('options that came and went', () => {
  test('drop-invalid: a direct DROP in 1.13 to 1.23, through ISTIO_DROP from 1.24, ignored before 1.13', () => {
    const c = config('--drop-invalid');
    expect(chain(c, '1.23', 'mangle', 'PREROUTING')).toEqual(['-A PREROUTING -m conntrack --ctstate INVALID -j DROP']);
    expect(chain(c, '1.24', 'mangle', 'PREROUTING')).toEqual([
      '-A PREROUTING -m conntrack --ctstate INVALID -j ISTIO_DROP',
    ]);
    expect(chain(c, '1.24', 'mangle', 'ISTIO_DROP')).toEqual(['-A ISTIO_DROP -j DROP']);
    const old = generate(c, '1.12');
    expect(old.ok && old.notes.map((n) => [n.code, n.field])).toEqual([['ignored-input', 'dropInvalid']]);
    expect(old.ok && planRulesets(old.plan)[0]!.tables.map((t) => t.name)).toEqual(['nat']);
  });

  test('trace logging: NFLOG before tagged rules in 1.12 to 1.24, prefix quoted until 1.23', () => {
    const c = config('--iptables-trace-logging', { version: '1.24' });
    const log = (v: IstioVersion) => {
      const g = generate(c, v);
      return g.ok
        ? dryRun(g.plan)
            .split('\n')
            .filter((l) => l.includes('NFLOG') && l.includes('ISTIO_IN_REDIRECT '))
        : [];
    };
    expect(log('1.23')).toEqual([
      'iptables -t nat -A ISTIO_IN_REDIRECT -p tcp -j NFLOG --nflog-prefix "InboundCapture" --nflog-group 1337 --nflog-size 20',
    ]);
    expect(log('1.24')).toEqual([
      '-A ISTIO_IN_REDIRECT -p tcp -j NFLOG --nflog-prefix InboundCapture --nflog-group 1337 --nflog-size 20',
    ]);
    expect(log('1.25')).toEqual([]);
  });

  test('owner groups are read from 1.14', () => {
    const c = config('', { env: { ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: '888' } });
    expect(chain(c, '1.14', 'nat', 'ISTIO_OUTPUT')).toContain('-A ISTIO_OUTPUT -m owner --gid-owner 888 -j RETURN');
    expect(chain(c, '1.13', 'nat', 'ISTIO_OUTPUT')).not.toContain('-A ISTIO_OUTPUT -m owner --gid-owner 888 -j RETURN');
  });
});

describe('DNS capture eras', () => {
  const dns = config('--redirect-dns', { dnsServers: ['10.96.0.10'] });

  test('1.12 to 1.22: UDP in nat OUTPUT, replies matched on -d until 1.19 and -s from 1.20', () => {
    expect(chain(dns, '1.22', 'nat', 'OUTPUT').slice(1)).toEqual([
      '-A OUTPUT -p udp -m udp --dport 53 -m owner --uid-owner 1337 -j RETURN',
      '-A OUTPUT -p udp -m udp --dport 53 -m owner --gid-owner 1337 -j RETURN',
      '-A OUTPUT -d 10.96.0.10/32 -p udp -m udp --dport 53 -j REDIRECT --to-ports 15053',
    ]);
    expect(chain(dns, '1.19', 'raw', 'PREROUTING')).toEqual([
      '-A PREROUTING -d 10.96.0.10/32 -p udp -m udp --sport 53 -j CT --zone 1',
    ]);
    expect(chain(dns, '1.20', 'raw', 'PREROUTING')).toEqual([
      '-A PREROUTING -s 10.96.0.10/32 -p udp -m udp --sport 53 -j CT --zone 1',
    ]);
  });

  test('1.23 and 1.24: UDP jumps into ISTIO_OUTPUT in nat and raw', () => {
    expect(chain(dns, '1.23', 'nat', 'OUTPUT')).toEqual([
      '-A OUTPUT -p tcp -j ISTIO_OUTPUT',
      '-A OUTPUT -p udp -j ISTIO_OUTPUT',
    ]);
    expect(chain(dns, '1.23', 'raw', 'OUTPUT')).toEqual(['-A OUTPUT -p udp -j ISTIO_OUTPUT']);
  });

  test('1.25+: ISTIO_OUTPUT_DNS; with no server and no capture-all, DNS capture is off', () => {
    expect(chain(dns, '1.25', 'nat', 'ISTIO_OUTPUT_DNS')).toEqual([
      '-A ISTIO_OUTPUT_DNS -d 10.96.0.10/32 -p tcp -m tcp --dport 53 -j REDIRECT --to-ports 15053',
      '-A ISTIO_OUTPUT_DNS -d 10.96.0.10/32 -p udp -m udp --dport 53 -j REDIRECT --to-ports 15053',
    ]);
    const none = config('--redirect-dns');
    expect(chain(none, '1.25', 'raw', 'OUTPUT')).toEqual([]);
    expect(chain(none, '1.24', 'raw', 'ISTIO_OUTPUT')).toHaveLength(4);
  });

  test('1.9 and 1.10 write no conntrack zones; 1.11 adds them (raw OUTPUT and PREROUTING)', () => {
    expect(chain(dns, '1.10', 'raw', 'OUTPUT')).toEqual([]);
    expect(chain(dns, '1.10', 'nat', 'OUTPUT').at(-1)).toBe(
      '-A OUTPUT -d 10.96.0.10/32 -p udp -m udp --dport 53 -j REDIRECT --to-ports 15053',
    );
    expect(chain(dns, '1.11', 'raw', 'OUTPUT')).toHaveLength(5);
  });

  test('before 1.9 there is no --redirect-dns; the env-driven DNS capture of 1.6 to 1.8 is refused, not guessed', () => {
    expect(codes(configFromArgs('--redirect-dns', { version: '1.8', ipv6: false }))).toEqual([
      { code: 'unknown-flag', severity: 'error', field: undefined },
    ]);
    const r = configFromArgs('', { version: '1.7', env: { ISTIO_META_DNS_CAPTURE: 'true' } });
    expect(codes(r)).toContainEqual({ code: 'not-modelled', severity: 'error', field: undefined });
  });
});

test('TPROXY in 1.9 and 1.10: connmark save and restore and one ISTIO_INBOUND RETURN; 1.11 adds the 1338 marks', () => {
  const c = config('-m TPROXY -b "*" -i "*"');
  expect(chain(c, '1.10', 'mangle', 'OUTPUT')).toEqual([
    '-A OUTPUT -p tcp -m connmark --mark 0x539 -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff',
  ]);
  expect(chain(c, '1.10', 'mangle', 'ISTIO_INBOUND')[0]).toBe('-A ISTIO_INBOUND -p tcp -m mark --mark 0x539 -j RETURN');
  expect(chain(c, '1.11', 'mangle', 'OUTPUT')).toHaveLength(4);
  expect(chain(c, '1.11', 'mangle', 'ISTIO_INBOUND').slice(0, 3)).toEqual([
    '-A ISTIO_INBOUND -p tcp -m mark --mark 0x539 -j RETURN',
    '-A ISTIO_INBOUND -s 127.0.0.6/32 -i lo -p tcp -j RETURN',
    '-A ISTIO_INBOUND -i lo -p tcp -m mark ! --mark 0x53a -j RETURN',
  ]);
});

describe('the dry-run log per era', () => {
  const log = (v: IstioVersion) => {
    const g = generate(config(DEFAULT, { version: v }), v);
    return g.ok ? dryRun(g.plan).trimEnd().split('\n') : [];
  };

  test('1.4: each command as it ran, chains created on the way, then the ip6tables filter rewrite and both saves', () => {
    const lines = log('1.4');
    expect(lines.slice(0, 5)).toEqual([
      'iptables -t nat -N ISTIO_REDIRECT',
      'iptables -t nat -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-port 15001',
      'iptables -t nat -N ISTIO_IN_REDIRECT',
      'iptables -t nat -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-port 15006',
      'iptables -t nat -N ISTIO_INBOUND',
    ]);
    expect(lines.slice(-6)).toEqual([
      'ip6tables -F INPUT',
      'ip6tables -A INPUT -m state --state ESTABLISHED -j ACCEPT',
      'ip6tables -A INPUT -i lo -d ::1 -j ACCEPT',
      'ip6tables -A INPUT -j REJECT',
      'iptables-save',
      'ip6tables-save',
    ]);
  });

  test("1.10: the builder's chains first, then every rule as an iptables command, then iptables-save", () => {
    const lines = log('1.10');
    expect(lines.slice(0, 5)).toEqual([
      'iptables -t nat -N ISTIO_INBOUND',
      'iptables -t nat -N ISTIO_REDIRECT',
      'iptables -t nat -N ISTIO_IN_REDIRECT',
      'iptables -t nat -N ISTIO_OUTPUT',
      'iptables -t nat -A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN',
    ]);
    expect(lines.at(-1)).toBe('iptables-save');
  });
});

describe('refusals', () => {
  test('IPv6 before 1.12, TPROXY before 1.9, and native nftables', () => {
    expect(generate(config(DEFAULT, { ipv6: true }), '1.11').ok).toBe(false);
    expect(generate(config('-m TPROXY -b "*"'), '1.8').ok).toBe(false);
    expect(generate(config('-m TPROXY -b "*"'), '1.9').ok).toBe(true);
    expect(generate(config('--native-nftables'), '1.27').ok).toBe(false);
    expect(generate(config(DEFAULT, { ipv6: true }), '1.12').ok).toBe(true);
  });
});
