// The final per-chain rule order after replaying a golden's -A and -I lines, against rule texts written by hand from
// reading the goldens (two successive "-I PREROUTING 1" end up reversed; "-I X 1/2/3" land at those positions).
import { describe, expect, test } from 'vitest';
import { parseDumpOrThrow } from '../../model/rules/parse.ts';
import { ruleText } from '../../model/rules/print.ts';
import type { Ruleset, TableName } from '../../model/rules/types.ts';
import { chainRules, readFixture } from './helpers.ts';

function texts(rs: Ruleset, table: TableName, chain: string): string[] {
  return chainRules(rs, table, chain).map((r) => ruleText(chain, r));
}

const ISTIO_OUTPUT_V4 = [
  '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN',
  '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
  '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
  '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
  '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
  '-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN',
  '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
  '-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
];

describe('kube-virt-interfaces: -I PREROUTING 1 twice reverses', () => {
  const [v4] = parseDumpOrThrow(readFixture('goldens', 'kube-virt-interfaces')).rulesets;

  test('nat PREROUTING', () => {
    expect(texts(v4!, 'nat', 'PREROUTING')).toEqual([
      '-A PREROUTING -i eth2 -j ISTIO_REDIRECT',
      '-A PREROUTING -i eth1 -j ISTIO_REDIRECT',
      '-A PREROUTING -i eth2 -j RETURN',
      '-A PREROUTING -i eth1 -j RETURN',
    ]);
  });

  test('nat ISTIO_OUTPUT ends with the catch-all redirect', () => {
    expect(texts(v4!, 'nat', 'ISTIO_OUTPUT')).toEqual([...ISTIO_OUTPUT_V4, '-A ISTIO_OUTPUT -j ISTIO_REDIRECT']);
  });

  test('user chains in -N order, after the built-ins', () => {
    const nat = v4!.tables.find((t) => t.name === 'nat')!;
    expect(nat.chains.map((c) => [c.name, c.policy])).toEqual([
      ['PREROUTING', 'ACCEPT'],
      ['INPUT', 'ACCEPT'],
      ['OUTPUT', 'ACCEPT'],
      ['POSTROUTING', 'ACCEPT'],
      ['ISTIO_INBOUND', null],
      ['ISTIO_REDIRECT', null],
      ['ISTIO_IN_REDIRECT', null],
      ['ISTIO_OUTPUT', null],
    ]);
  });
});

describe('inbound-ports-tproxy: -I ISTIO_INBOUND 1, 2, 3', () => {
  const [v4] = parseDumpOrThrow(readFixture('goldens', 'inbound-ports-tproxy')).rulesets;

  test('mangle ISTIO_INBOUND', () => {
    expect(texts(v4!, 'mangle', 'ISTIO_INBOUND')).toEqual([
      '-A ISTIO_INBOUND -p tcp -m mark --mark 0x539 -j RETURN',
      '-A ISTIO_INBOUND -s 127.0.0.6/32 -i lo -p tcp -j RETURN',
      '-A ISTIO_INBOUND -i lo -p tcp -m mark ! --mark 0x53a -j RETURN',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 32000 -m conntrack --ctstate RELATED,ESTABLISHED -j ISTIO_DIVERT',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 32000 -j ISTIO_TPROXY',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 31000 -m conntrack --ctstate RELATED,ESTABLISHED -j ISTIO_DIVERT',
      '-A ISTIO_INBOUND -p tcp -m tcp --dport 31000 -j ISTIO_TPROXY',
    ]);
  });

  test('mangle PREROUTING, OUTPUT and the TPROXY chains', () => {
    expect(texts(v4!, 'mangle', 'PREROUTING')).toEqual([
      '-A PREROUTING -p tcp -j ISTIO_INBOUND',
      '-A PREROUTING -p tcp -m mark --mark 0x539 -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff',
    ]);
    expect(texts(v4!, 'mangle', 'OUTPUT')).toEqual([
      '-A OUTPUT -o lo -p tcp -m mark --mark 0x539 -j RETURN',
      '-A OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m owner --uid-owner 1337 -j MARK --set-xmark 0x53a/0xffffffff',
      '-A OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m owner --gid-owner 1337 -j MARK --set-xmark 0x53a/0xffffffff',
      '-A OUTPUT -p tcp -m connmark --mark 0x539 -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff',
    ]);
    expect(texts(v4!, 'mangle', 'ISTIO_DIVERT')).toEqual([
      '-A ISTIO_DIVERT -j MARK --set-xmark 0x539/0xffffffff',
      '-A ISTIO_DIVERT -j ACCEPT',
    ]);
    expect(texts(v4!, 'mangle', 'ISTIO_TPROXY')).toEqual([
      '-A ISTIO_TPROXY ! -d 127.0.0.1/32 -p tcp -j TPROXY --on-port 15006 --tproxy-mark 0x539/0xffffffff',
    ]);
  });

  test('nat ISTIO_INBOUND is declared but unreachable, and still parsed', () => {
    expect(texts(v4!, 'nat', 'PREROUTING')).toEqual([]);
    expect(texts(v4!, 'nat', 'ISTIO_INBOUND')).toEqual(['-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN']);
  });
});

describe('ipv6-ipnets: two bodies, -I mixed with -A', () => {
  const [v4, v6] = parseDumpOrThrow(readFixture('goldens', 'ipv6-ipnets')).rulesets;

  test('families', () => {
    expect([v4!.family, v6!.family]).toEqual(['ipv4', 'ipv6']);
  });

  test('v4 nat PREROUTING', () => {
    expect(texts(v4!, 'nat', 'PREROUTING')).toEqual([
      '-A PREROUTING -i eth1 -j RETURN',
      '-A PREROUTING -i eth0 -j RETURN',
      '-A PREROUTING -p tcp -j ISTIO_INBOUND',
    ]);
  });

  test('v6 nat PREROUTING: the later inserts go in front of everything', () => {
    expect(texts(v6!, 'nat', 'PREROUTING')).toEqual([
      '-A PREROUTING -d 2001:db8::/32 -i eth1 -j ISTIO_REDIRECT',
      '-A PREROUTING -d 2001:db8::/32 -i eth0 -j ISTIO_REDIRECT',
      '-A PREROUTING -i eth1 -j RETURN',
      '-A PREROUTING -i eth0 -j RETURN',
      '-A PREROUTING -p tcp -j ISTIO_INBOUND',
    ]);
  });

  test('v6 nat ISTIO_OUTPUT', () => {
    expect(texts(v6!, 'nat', 'ISTIO_OUTPUT')).toEqual([
      '-A ISTIO_OUTPUT -s ::6/128 -o lo -j RETURN',
      '-A ISTIO_OUTPUT ! -d ::1/128 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
      '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
      '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
      '-A ISTIO_OUTPUT ! -d ::1/128 -o lo -p tcp -m tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
      '-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN',
      '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
      '-A ISTIO_OUTPUT -d ::1/128 -j RETURN',
      '-A ISTIO_OUTPUT -d 2001:db8::/32 -j RETURN',
      '-A ISTIO_OUTPUT -d 2001:db8::/32 -j ISTIO_REDIRECT',
    ]);
  });
});

describe('dns-uid-gid: raw tables of both bodies', () => {
  const [v4, v6] = parseDumpOrThrow(readFixture('goldens', 'dns-uid-gid')).rulesets;

  test('raw ISTIO_INBOUND and PREROUTING', () => {
    expect(texts(v4!, 'raw', 'PREROUTING')).toEqual(['-A PREROUTING -j ISTIO_INBOUND']);
    expect(texts(v4!, 'raw', 'ISTIO_INBOUND')).toEqual([
      '-A ISTIO_INBOUND -s 127.0.0.53/32 -p udp -m udp --sport 53 -j CT --zone 1',
    ]);
    expect(texts(v6!, 'raw', 'ISTIO_INBOUND')).toEqual([
      '-A ISTIO_INBOUND -s ::127.0.0.53/128 -p udp -m udp --sport 53 -j CT --zone 1',
    ]);
  });

  test('nat ISTIO_OUTPUT_DNS, with --to-port read as --to-ports', () => {
    expect(texts(v6!, 'nat', 'ISTIO_OUTPUT_DNS')).toEqual([
      '-A ISTIO_OUTPUT_DNS -d ::127.0.0.53/128 -p tcp -m tcp --dport 53 -j REDIRECT --to-ports 15053',
      '-A ISTIO_OUTPUT_DNS -d ::127.0.0.53/128 -p udp -m udp --dport 53 -j REDIRECT --to-ports 15053',
    ]);
  });
});
