// The printer's canonical forms, checked on rules written in other orders and spellings.
import { describe, expect, test } from 'vitest';
import { parseAddr, parseCidr } from '../../model/net/index.ts';
import { parseDumpOrThrow } from '../../model/rules/parse.ts';
import { printDump, printRuleset, ruleText, stripPositions } from '../../model/rules/print.ts';
import type { Rule } from '../../model/rules/types.ts';
import { compiled, type OneRule } from './helpers.ts';

const canon = (args: string, opts: OneRule = {}) => {
  const rule = compiled(args, opts);
  return ruleText(opts.chain ?? 'OUTPUT', { matches: rule.matches, target: rule.target });
};

describe('ruleText', () => {
  test("Istio's generator order becomes iptables-save's order", () => {
    expect(
      canon('-o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ACCEPT', { table: 'nat' }),
    ).toBe('-A OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ACCEPT');
    expect(canon('-p udp --dport 53 -d 127.0.0.53/32 -j REDIRECT --to-port 15053', { table: 'nat' })).toBe(
      '-A OUTPUT -d 127.0.0.53/32 -p udp -m udp --dport 53 -j REDIRECT --to-ports 15053',
    );
  });

  test('one tcp module prints --sport before --dport; two modules stay two', () => {
    expect(canon('-p tcp --dport 80 --sport 1:1024 -j ACCEPT')).toBe(
      '-A OUTPUT -p tcp -m tcp --sport 1:1024 --dport 80 -j ACCEPT',
    );
    expect(canon('-p tcp -m tcp --dport 80 -m tcp --sport 90 -j ACCEPT')).toBe(
      '-A OUTPUT -p tcp -m tcp --dport 80 -m tcp --sport 90 -j ACCEPT',
    );
  });

  test('hex marks, owner order, quoted comments, ranges', () => {
    expect(canon('-m mark --mark 1337/0xff -m connmark ! --mark 7 -j ACCEPT')).toBe(
      '-A OUTPUT -m mark --mark 0x539/0xff -m connmark ! --mark 0x7 -j ACCEPT',
    );
    expect(canon('-m owner --gid-owner 5-6 --suppl-groups ! --uid-owner 1 ! --socket-exists -j ACCEPT')).toBe(
      '-A OUTPUT -m owner ! --socket-exists ! --uid-owner 1 --gid-owner 5-6 --suppl-groups -j ACCEPT',
    );
    expect(canon(String.raw`-m comment --comment "it's \"x\"" -m comment --comment plain_word-1 -j ACCEPT`)).toBe(
      String.raw`-A OUTPUT -m comment --comment "it\'s \"x\"" -m comment --comment plain_word-1 -j ACCEPT`,
    );
    expect(canon('-p tcp -m multiport --dports 1000:2000,53 -j ACCEPT')).toBe(
      '-A OUTPUT -p tcp -m multiport --dports 1000:2000,53 -j ACCEPT',
    );
  });

  test('targets', () => {
    const nat = { table: 'nat' } as const;
    expect(canon('-p tcp -j DNAT --to-destination 10.0.0.1:80-90', nat)).toBe(
      '-A OUTPUT -p tcp -j DNAT --to-destination 10.0.0.1:80-90',
    );
    expect(canon('-p tcp -j DNAT --to-destination [2001:db8::1]:80', { ...nat, family: 'ipv6' })).toBe(
      '-A OUTPUT -p tcp -j DNAT --to-destination [2001:db8::1]:80',
    );
    expect(canon('-j MARK --and-mark 0xff')).toBe('-A OUTPUT -j MARK --set-xmark 0x0/0xffffff00');
    expect(canon('-j CONNMARK --restore-mark --mask 0xff')).toBe(
      '-A OUTPUT -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff',
    );
    expect(canon('-j REJECT --reject-with host-prohib')).toBe('-A OUTPUT -j REJECT --reject-with icmp-host-prohibited');
    expect(
      canon('-p tcp -j TPROXY --on-port 15006 --on-ip 127.0.0.1 --tproxy-mark 1337', {
        table: 'mangle',
        chain: 'PREROUTING',
      }),
    ).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 15006 --on-ip 127.0.0.1 --tproxy-mark 0x539/0xffffffff');
  });

  test('IPv6 as inet_ntop writes it: IPv4-compatible and -mapped tails dotted', () => {
    const v6 = { family: 'ipv6' } as const;
    expect(canon('-d ::127.0.0.53/128 -s ::ffff:10.0.0.1 -j ACCEPT', v6)).toBe(
      '-A OUTPUT -s ::ffff:10.0.0.1/128 -d ::127.0.0.53/128 -j ACCEPT',
    );
    expect(canon('-d 2001:0db8:0:0:0:0:0:0001 -s ::6 -j ACCEPT', v6)).toBe(
      '-A OUTPUT -s ::6/128 -d 2001:db8::1/128 -j ACCEPT',
    );
  });

  test('rules built in code, without pos', () => {
    const rule: Rule = {
      matches: [
        { kind: 'port', module: 'tcp', direction: 'destination', negated: false, ranges: [{ from: 80, to: 80 }] },
        { kind: 'protocol', negated: false, protocol: 6, name: 'tcp' },
        { kind: 'source', negated: true, cidr: parseCidr('10.0.0.0/8') },
      ],
      target: { kind: 'dnat', toAddr: parseAddr('10.1.1.1') },
    };
    expect(ruleText('PREROUTING', rule)).toBe(
      '-A PREROUTING ! -s 10.0.0.0/8 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.1.1.1',
    );
  });
});

describe('printRuleset / printDump', () => {
  test('a whole dump, and parse(print(x)) = x without positions', () => {
    const text = [
      '* nat',
      '-N ISTIO_OUTPUT',
      '-A OUTPUT -j ISTIO_OUTPUT',
      '-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN',
      'COMMIT',
      '* nat',
      '-N ISTIO_OUTPUT',
      '-A OUTPUT -j ISTIO_OUTPUT',
      '-A ISTIO_OUTPUT -o lo -s ::6/128 -j RETURN',
      'COMMIT',
    ].join('\n');
    const dump = parseDumpOrThrow(text);
    expect(printRuleset(dump.rulesets[1]!)).toBe(
      [
        '# Generated by ip6tables-save',
        '*nat',
        ':PREROUTING ACCEPT [0:0]',
        ':INPUT ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        ':POSTROUTING ACCEPT [0:0]',
        ':ISTIO_OUTPUT - [0:0]',
        '-A OUTPUT -j ISTIO_OUTPUT',
        '-A ISTIO_OUTPUT -s ::6/128 -o lo -j RETURN',
        'COMMIT',
        '',
      ].join('\n'),
    );
    const again = parseDumpOrThrow(printDump(dump));
    expect(again.format).toBe('iptables-save');
    expect(again.rulesets.map(stripPositions)).toEqual(dump.rulesets.map(stripPositions));
  });

  test('stripPositions removes pos and nothing else', () => {
    const rs = parseDumpOrThrow('*filter\n-A INPUT -j ACCEPT\nCOMMIT\n').rulesets[0]!;
    expect(rs.tables[0]!.chains[0]!.rules[0]!.pos).toEqual({ line: 2, column: 1 });
    expect(stripPositions(rs).tables[0]!.chains[0]!.rules[0]).toEqual({ matches: [], target: { kind: 'accept' } });
  });
});
