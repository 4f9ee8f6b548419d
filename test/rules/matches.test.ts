// Every match: what it parses to, its negations and value forms, and the errors, asserted by {code, line, column}.
import { describe, expect, test } from 'vitest';
import { parseAddr, parseCidr } from '../../model/net/index.ts';
import { col, compiled, type OneRule, parseRule, where } from './helpers.ts';

const matchesOf = (args: string, opts: OneRule = {}) => compiled(`${args} -j ACCEPT`, opts).matches;
const errorsOf = (args: string, opts: OneRule = {}) => where(parseRule(args, opts).issues);
const at = (code: string, args: string, needle: string, opts: OneRule = {}, nth = 0) => ({
  code,
  line: 2 + (opts.pre?.length ?? 0),
  column: col(args, needle, opts, nth),
});
const V6: OneRule = { family: 'ipv6' };

describe('-s / -d', () => {
  test('CIDR, host and dotted mask; the network address is stored', () => {
    expect(matchesOf('-s 10.1.2.3/8 -d 127.0.0.1')).toEqual([
      { kind: 'source', negated: false, cidr: parseCidr('10.0.0.0/8') },
      { kind: 'destination', negated: false, cidr: parseCidr('127.0.0.1/32') },
    ]);
    expect(matchesOf('--src 10.0.0.0/255.255.0.0')).toEqual([
      { kind: 'source', negated: false, cidr: parseCidr('10.0.0.0/16') },
    ]);
  });

  test('negation before the option, or after it (deprecated but accepted)', () => {
    const negated = { kind: 'destination', negated: true, cidr: parseCidr('127.0.0.1/32') };
    expect(matchesOf('! -d 127.0.0.1/32')).toEqual([negated]);
    expect(matchesOf('-d ! 127.0.0.1/32')).toEqual([negated]);
    expect(matchesOf('! --destination 127.0.0.1')).toEqual([negated]);
  });

  test('an ambiguous abbreviation is an unknown option', () => {
    const args = '-p tcp --d 80 -j ACCEPT';
    expect(errorsOf(args)).toEqual([at('unknown-option', args, '--d')]);
  });

  test('long options may be abbreviated', () => {
    expect(matchesOf('--dest 1.2.3.4')).toEqual([
      { kind: 'destination', negated: false, cidr: parseCidr('1.2.3.4/32') },
    ]);
  });

  test('IPv6, including the IPv4-compatible form ::a.b.c.d', () => {
    expect(matchesOf('-s ::6/128 -d 2001:db8::/32', V6)).toEqual([
      { kind: 'source', negated: false, cidr: parseCidr('::6/128') },
      { kind: 'destination', negated: false, cidr: parseCidr('2001:db8::/32') },
    ]);
    const [compat] = matchesOf('-d ::127.0.0.53/128', V6);
    expect(compat).toEqual({ kind: 'destination', negated: false, cidr: parseCidr('::7f00:35/128') });
  });

  test('bad addresses', () => {
    for (const bad of ['10.0.0.0/33', 'example.com', '10.1', '1.2.3.4,5.6.7.8', '1.2.3.4/255.0.255.0']) {
      const args = `-s ${bad} -j ACCEPT`;
      expect(errorsOf(args)).toEqual([at('bad-value', args, bad)]);
    }
  });

  test('an IPv6 address in an IPv4 ruleset, and the other way round', () => {
    const v4 = '-s 10.0.0.1 -d ::1 -j ACCEPT';
    expect(errorsOf(v4, { family: 'ipv4' })).toEqual([at('mixed-families', v4, '::1')]);
    const v6 = '-d 10.0.0.1 -j ACCEPT';
    expect(errorsOf(v6, V6)).toEqual([at('mixed-families', v6, '10.0.0.1')]);
  });

  test('given twice', () => {
    const args = '-s 1.1.1.1 -s 2.2.2.2 -j ACCEPT';
    expect(errorsOf(args)).toEqual([at('illegal-option', args, '-s', {}, 1)]);
  });
});

describe('-i / -o', () => {
  test('names, + wildcard, negation', () => {
    expect(matchesOf('-i eth+', { chain: 'INPUT' })).toEqual([{ kind: 'in-interface', negated: false, name: 'eth+' }]);
    expect(matchesOf('! -o lo')).toEqual([{ kind: 'out-interface', negated: true, name: 'lo' }]);
  });

  test('a name longer than 15 characters', () => {
    const args = '-o abcdefghijklmnop -j ACCEPT';
    expect(errorsOf(args)).toEqual([at('bad-value', args, 'abcdefghijklmnop')]);
  });
});

describe('-p', () => {
  test('names (lower-cased), numbers, all', () => {
    expect(matchesOf('-p TCP')).toEqual([{ kind: 'protocol', negated: false, protocol: 6, name: 'tcp' }]);
    expect(matchesOf('-p 17')).toEqual([{ kind: 'protocol', negated: false, protocol: 17, name: '17' }]);
    expect(matchesOf('! -p icmp')).toEqual([{ kind: 'protocol', negated: true, protocol: 1, name: 'icmp' }]);
    expect(matchesOf('-p all')).toEqual([{ kind: 'protocol', negated: false, protocol: 'all', name: 'all' }]);
    expect(matchesOf('-p icmpv6', V6)).toEqual([{ kind: 'protocol', negated: false, protocol: 58, name: 'icmpv6' }]);
    expect(matchesOf('-p sctp')).toEqual([{ kind: 'protocol', negated: false, protocol: 132, name: 'sctp' }]);
  });

  test('unknown protocols', () => {
    for (const bad of ['bogus', '256']) {
      const args = `-p ${bad} -j ACCEPT`;
      expect(errorsOf(args)).toEqual([at('bad-value', args, bad)]);
    }
  });
});

describe('tcp / udp ports', () => {
  const tcp = (direction: 'source' | 'destination', from: number, to = from, negated = false) => ({
    kind: 'port',
    module: 'tcp',
    direction,
    negated,
    ranges: [{ from, to }],
  });
  const PROTO_TCP = { kind: 'protocol', negated: false, protocol: 6, name: 'tcp' };

  test('implicit and explicit -m tcp; long names', () => {
    expect(matchesOf('-p tcp --dport 15008')).toEqual([PROTO_TCP, tcp('destination', 15008)]);
    expect(matchesOf('-p tcp -m tcp --destination-port 15008')).toEqual([PROTO_TCP, tcp('destination', 15008)]);
    expect(matchesOf('-p udp --source-port 53')).toEqual([
      { kind: 'protocol', negated: false, protocol: 17, name: 'udp' },
      { kind: 'port', module: 'udp', direction: 'source', negated: false, ranges: [{ from: 53, to: 53 }] },
    ]);
  });

  test('ranges, open ends, hex and octal (strtoul base 0)', () => {
    expect(matchesOf('-p tcp --dport 1:1024')).toEqual([PROTO_TCP, tcp('destination', 1, 1024)]);
    expect(matchesOf('-p tcp --dport :1024')).toEqual([PROTO_TCP, tcp('destination', 0, 1024)]);
    expect(matchesOf('-p tcp --dport 1024:')).toEqual([PROTO_TCP, tcp('destination', 1024, 65535)]);
    expect(matchesOf('-p tcp --dport 0x50')).toEqual([PROTO_TCP, tcp('destination', 80)]);
    expect(matchesOf('-p tcp --dport 010')).toEqual([PROTO_TCP, tcp('destination', 8)]);
  });

  test('negation either side; sport before dport whatever the written order', () => {
    expect(matchesOf('-p tcp ! --dport 15008')).toEqual([PROTO_TCP, tcp('destination', 15008, 15008, true)]);
    expect(matchesOf('-p tcp --dport ! 15008')).toEqual([PROTO_TCP, tcp('destination', 15008, 15008, true)]);
    expect(matchesOf('-p tcp --dport 80 --sport 90')).toEqual([PROTO_TCP, tcp('source', 90), tcp('destination', 80)]);
  });

  test('options reach the implicit module across other modules', () => {
    expect(matchesOf('-p tcp -m owner --uid-owner 1 --dport 80')).toEqual([
      PROTO_TCP,
      { kind: 'owner', uid: { range: { from: 1, to: 1 }, negated: false } },
      tcp('destination', 80),
    ]);
  });

  test('bad ports', () => {
    for (const bad of ['65536', '90:80', 'http', '08']) {
      const args = `-p tcp --dport ${bad} -j ACCEPT`;
      expect(errorsOf(args)).toEqual([at('bad-value', args, bad)]);
    }
  });

  test('-m tcp without a matching, non-negated -p', () => {
    for (const args of [
      '-m tcp --dport 80 -j ACCEPT',
      '-p udp -m tcp --dport 80 -j ACCEPT',
      '! -p tcp -m tcp -j ACCEPT',
    ]) {
      expect(errorsOf(args)).toEqual([at('illegal-option', args, '-m tcp')]);
    }
  });

  test('--dport with no protocol is an unknown option; so is a bogus option of -m tcp', () => {
    const a = '--dport 80 -j ACCEPT';
    expect(errorsOf(a)).toEqual([at('unknown-option', a, '--dport')]);
    const b = '-p tcp -m tcp --bogus 1 -j ACCEPT';
    expect(errorsOf(b)).toEqual([at('unknown-option', b, '--bogus')]);
  });

  test('missing value, twice given', () => {
    const a = '-p tcp --dport';
    expect(errorsOf(a)).toEqual([at('missing-argument', a, '--dport')]);
    const b = '-p tcp --dport 1 --dport 2 -j ACCEPT';
    expect(errorsOf(b)).toEqual([at('illegal-option', b, '--dport', {}, 1)]);
  });

  test('--syn and --tcp-flags are valid but not modelled: the module is kept verbatim', () => {
    const result = parseRule('-p tcp --syn --dport 80 -j ACCEPT');
    expect(where(result.issues)).toEqual([
      { code: 'unsupported-match', line: 2, column: col('-p tcp --syn', '--syn') },
    ]);
    expect(result.value!.rulesets[0]!.tables[0]!.chains[2]!.rules[0]!.matches[1]).toEqual({
      kind: 'unsupported',
      module: 'tcp',
      text: '--syn --dport 80',
    });
    expect(matchesOf('-p tcp -m tcp --tcp-flags SYN,ACK SYN')[1]).toEqual({
      kind: 'unsupported',
      module: 'tcp',
      text: '--tcp-flags SYN,ACK SYN',
    });
  });
});

describe('multiport', () => {
  const mp = (direction: string, ranges: [number, number][], negated = false) => ({
    kind: 'port',
    module: 'multiport',
    direction,
    negated,
    ranges: ranges.map(([from, to]) => ({ from, to })),
  });

  test('lists, ranges, negation, each option', () => {
    expect(matchesOf('-p tcp -m multiport ! --dports 53,15008')[1]).toEqual(
      mp(
        'destination',
        [
          [53, 53],
          [15008, 15008],
        ],
        true,
      ),
    );
    expect(matchesOf('-p udp -m multiport --sports 1000:2000,53')[1]).toEqual(
      mp('source', [
        [1000, 2000],
        [53, 53],
      ]),
    );
    expect(matchesOf('-p tcp -m multiport --ports 80')[1]).toEqual(mp('either', [[80, 80]]));
    expect(matchesOf('-p tcp -m multiport --destination-ports 80')[1]).toEqual(mp('destination', [[80, 80]]));
  });

  test('more than 15 ports, empty ranges, two options, none, no protocol', () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => i + 1).join(',');
    const a = `-p tcp -m multiport --dports ${sixteen} -j ACCEPT`;
    expect(errorsOf(a)).toEqual([at('bad-value', a, sixteen)]);
    const b = '-p tcp -m multiport --dports 5:5 -j ACCEPT';
    expect(errorsOf(b)).toEqual([at('bad-value', b, '5:5')]);
    const c = '-p tcp -m multiport --dports 1 --sports 2 -j ACCEPT';
    expect(errorsOf(c)).toEqual([at('illegal-option', c, '--sports')]);
    const d = '-p tcp -m multiport -j ACCEPT';
    expect(errorsOf(d)).toEqual([at('missing-argument', d, '-m multiport')]);
    const e = '-m multiport --dports 1 -j ACCEPT';
    expect(errorsOf(e)).toEqual([at('illegal-option', e, '-m multiport')]);
  });
});

describe('owner', () => {
  const crit = (from: number, to = from, negated = false) => ({ range: { from, to }, negated });

  test('uid and gid, ranges, negation, hex, socket-exists, suppl-groups', () => {
    expect(matchesOf('-m owner --uid-owner 1337')).toEqual([{ kind: 'owner', uid: crit(1337) }]);
    expect(matchesOf('-m owner ! --gid-owner 1000-2000 --suppl-groups')).toEqual([
      { kind: 'owner', gid: crit(1000, 2000, true), supplGroups: true },
    ]);
    expect(matchesOf('-m owner --socket-exists --uid-owner 0x10 ! --gid-owner 5')).toEqual([
      { kind: 'owner', uid: crit(16), gid: crit(5, 5, true), socketExists: { negated: false } },
    ]);
    expect(matchesOf('-m owner ! --socket-exists')).toEqual([{ kind: 'owner', socketExists: { negated: true } }]);
  });

  test('a user or group name is kept verbatim with a warning', () => {
    const args = '-m owner ! --gid-owner java -j RETURN';
    const result = parseRule(args);
    expect(where(result.issues)).toEqual([at('unsupported-match', args, '-m owner')]);
    expect(result.value!.warnings).toEqual(result.issues);
    expect(matchesOf('-m owner ! --gid-owner java')).toEqual([
      { kind: 'unsupported', module: 'owner', text: '! --gid-owner java' },
    ]);
  });

  test('errors', () => {
    const a = '-m owner --uid-owner 4294967295 -j RETURN';
    expect(errorsOf(a)).toEqual([at('bad-value', a, '4294967295')]);
    const b = '-m owner --uid-owner 10-5 -j RETURN';
    expect(errorsOf(b)).toEqual([at('bad-value', b, '10-5')]);
    const c = '-m owner --suppl-groups -j RETURN';
    expect(errorsOf(c)).toEqual([at('illegal-option', c, '--suppl-groups')]);
    const d = '-m owner ! --suppl-groups --gid-owner 1 -j RETURN';
    expect(errorsOf(d)).toEqual([at('bad-value', d, '!')]);
  });
});

describe('mark / connmark', () => {
  test('value, value/mask, negation, decimal and hex', () => {
    expect(matchesOf('-m mark --mark 1337')).toEqual([{ kind: 'mark', negated: false, value: 1337, mask: 0xffffffff }]);
    expect(matchesOf('-m mark ! --mark 0x539/0xffff')).toEqual([
      { kind: 'mark', negated: true, value: 0x539, mask: 0xffff },
    ]);
    expect(matchesOf('-m connmark --mark 1337')).toEqual([
      { kind: 'connmark', negated: false, value: 1337, mask: 0xffffffff },
    ]);
  });

  test('bad and missing', () => {
    const a = '-m mark --mark 0x1ffffffff -j ACCEPT';
    expect(errorsOf(a)).toEqual([at('bad-value', a, '0x1ffffffff')]);
    const b = '-m connmark -j ACCEPT';
    expect(errorsOf(b)).toEqual([at('missing-argument', b, '-m connmark')]);
  });
});

describe('conntrack / state', () => {
  test('states as a set in iptables-save order, case-insensitive', () => {
    expect(matchesOf('-m conntrack --ctstate ESTABLISHED,RELATED')).toEqual([
      { kind: 'conntrack', negated: false, states: ['RELATED', 'ESTABLISHED'] },
    ]);
    expect(matchesOf('-m conntrack ! --ctstate invalid,new,DNAT')).toEqual([
      { kind: 'conntrack', negated: true, states: ['INVALID', 'NEW', 'DNAT'] },
    ]);
    expect(matchesOf('-m state --state NEW,UNTRACKED')).toEqual([
      { kind: 'conntrack', negated: false, states: ['NEW', 'UNTRACKED'] },
    ]);
  });

  test('bad states; other conntrack options are kept verbatim', () => {
    const a = '-m conntrack --ctstate NEW,BOGUS -j ACCEPT';
    expect(errorsOf(a)).toEqual([at('bad-value', a, 'NEW,BOGUS')]);
    const b = '-m state --state SNAT -j ACCEPT';
    expect(errorsOf(b)).toEqual([at('bad-value', b, 'SNAT')]);
    expect(matchesOf('-m conntrack --ctstate NEW --ctdir ORIGINAL')).toEqual([
      { kind: 'unsupported', module: 'conntrack', text: '--ctstate NEW --ctdir ORIGINAL' },
    ]);
  });
});

describe('comment', () => {
  test('quoted text with escapes', () => {
    expect(matchesOf(String.raw`-m comment --comment "istio: \"capture\" it"`)).toEqual([
      { kind: 'comment', text: 'istio: "capture" it' },
    ]);
    expect(matchesOf('-m comment --comment -x')).toEqual([{ kind: 'comment', text: '-x' }]);
  });

  test('more than 255 bytes', () => {
    const long = 'é'.repeat(128);
    const args = `-m comment --comment ${long} -j ACCEPT`;
    expect(errorsOf(args)).toEqual([at('bad-value', args, long)]);
  });

  test('the limit counts UTF-8 bytes: 1 for ASCII, 2 for é, 4 for an emoji', () => {
    const fits = ['a'.repeat(255), `${'é'.repeat(127)}a`, `${'😀'.repeat(63)}abc`];
    for (const text of fits) expect(errorsOf(`-m comment --comment ${text} -j ACCEPT`)).toEqual([]);
    for (const text of ['a'.repeat(256), '😀'.repeat(64), `${'😀'.repeat(63)}abcd`]) {
      const args = `-m comment --comment ${text} -j ACCEPT`;
      expect(errorsOf(args)).toEqual([at('bad-value', args, text)]);
    }
  });
});

describe('modules the model does not know', () => {
  test('kept verbatim with a warning at -m', () => {
    const args = '-m limit --limit 5/sec ! --limit-burst 3 -d 1.2.3.4 -j ACCEPT';
    const result = parseRule(args);
    expect(where(result.issues)).toEqual([at('unsupported-match', args, '-m limit')]);
    expect(matchesOf('-m limit --limit 5/sec ! --limit-burst 3 -d 1.2.3.4')).toEqual([
      { kind: 'destination', negated: false, cidr: parseCidr('1.2.3.4/32') },
      { kind: 'unsupported', module: 'limit', text: '--limit 5/sec ! --limit-burst 3' },
    ]);
  });

  test('an option no known module of the rule takes is an error, even after an unknown module', () => {
    const args = '-p tcp -m limit --limit 1/s -m tcp --bogus 1 -j ACCEPT';
    expect(errorsOf(args)).toEqual([at('unsupported-match', args, '-m limit'), at('unknown-option', args, '--bogus')]);
  });

  test("the protocol's implicit module when the model lacks it", () => {
    expect(matchesOf('-p icmp --icmp-type 8')[1]).toEqual({
      kind: 'unsupported',
      module: 'icmp',
      text: '--icmp-type 8',
    });
  });

  test('an address in a DNAT target is parsed once', () => {
    expect(compiled('-p tcp -j DNAT --to-destination 10.0.0.1:80', { table: 'nat' }).target).toEqual({
      kind: 'dnat',
      toAddr: parseAddr('10.0.0.1'),
      toPorts: { from: 80, to: 80 },
    });
  });
});

describe('stray words', () => {
  test('a value with no option, a trailing !, a double !', () => {
    const a = '-j ACCEPT extra';
    expect(errorsOf(a)).toEqual([at('unknown-option', a, 'extra')]);
    const b = '-j ACCEPT !';
    expect(errorsOf(b)).toEqual([at('missing-argument', b, '!')]);
    const c = '! ! -s 1.2.3.4 -j ACCEPT';
    expect(errorsOf(c)).toEqual([at('bad-value', c, '!', {}, 1)]);
  });
});
