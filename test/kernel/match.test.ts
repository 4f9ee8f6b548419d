// Every match kind, positive and negative, with negation and IPv6; and the compiled predicate agrees with the
// reference evaluator on random matches and packets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMatch, MATCH, NO_MATCH, UNKNOWN } from '../../model/kernel/match.ts';
import type { Packet } from '../../model/kernel/packet.ts';
import { compilePredicate } from '../../model/kernel/predicate.ts';
import { parseAddr, parseCidr } from '../../model/net/index.ts';
import type { Match } from '../../model/rules/index.ts';
import { prop } from '../helpers/prop.ts';

const base: Packet = {
  family: 'ipv4',
  protocol: 6,
  src: parseAddr('10.250.0.2'),
  dst: parseAddr('10.250.0.3'),
  sport: 40000,
  dport: 8080,
  inIface: null,
  outIface: 'eth0',
  owner: { uid: 1337, gid: 1337 },
  mark: 0x539,
  ctmark: 0,
  ctstate: 'NEW',
  firstPacket: true,
};
const v6: Packet = { ...base, family: 'ipv6', src: parseAddr('fd00:250::2'), dst: parseAddr('fd00:250::3') };
const r = (m: Match, p: Packet = base) => evaluateMatch(m, p);

describe('addresses', () => {
  it('-s / -d with CIDR and negation, IPv4 and IPv6', () => {
    expect(r({ kind: 'destination', negated: false, cidr: parseCidr('10.250.0.0/24') })).toBe(MATCH);
    expect(r({ kind: 'destination', negated: true, cidr: parseCidr('10.250.0.0/24') })).toBe(NO_MATCH);
    expect(r({ kind: 'source', negated: false, cidr: parseCidr('127.0.0.6/32') })).toBe(NO_MATCH);
    expect(r({ kind: 'source', negated: true, cidr: parseCidr('127.0.0.6/32') })).toBe(MATCH);
    expect(r({ kind: 'destination', negated: false, cidr: parseCidr('fd00:250::/64') }, v6)).toBe(MATCH);
    expect(r({ kind: 'destination', negated: false, cidr: parseCidr('::1/128') }, v6)).toBe(NO_MATCH);
  });
});

describe('interfaces', () => {
  it('-o exact, + wildcard, negation; -i on a packet without an input interface', () => {
    expect(r({ kind: 'out-interface', negated: false, name: 'eth0' })).toBe(MATCH);
    expect(r({ kind: 'out-interface', negated: false, name: 'eth+' })).toBe(MATCH);
    expect(r({ kind: 'out-interface', negated: false, name: 'lo' })).toBe(NO_MATCH);
    expect(r({ kind: 'out-interface', negated: true, name: 'lo' })).toBe(MATCH);
    expect(r({ kind: 'in-interface', negated: false, name: 'eth0' })).toBe(NO_MATCH);
    expect(r({ kind: 'in-interface', negated: true, name: 'eth0' })).toBe(MATCH);
  });
});

describe('protocol and ports', () => {
  it('-p by number, all, negation', () => {
    expect(r({ kind: 'protocol', negated: false, protocol: 6, name: 'tcp' })).toBe(MATCH);
    expect(r({ kind: 'protocol', negated: false, protocol: 17, name: 'udp' })).toBe(NO_MATCH);
    expect(r({ kind: 'protocol', negated: true, protocol: 17, name: 'udp' })).toBe(MATCH);
    expect(r({ kind: 'protocol', negated: false, protocol: 'all', name: 'all' })).toBe(MATCH);
  });
  it('--dport / --sport ranges and negation; the tcp module never matches UDP', () => {
    const dport = (negated: boolean, from: number, to = from): Match => ({
      kind: 'port',
      module: 'tcp',
      direction: 'destination',
      negated,
      ranges: [{ from, to }],
    });
    expect(r(dport(false, 8080))).toBe(MATCH);
    expect(r(dport(false, 8000, 8079))).toBe(NO_MATCH);
    expect(r(dport(true, 15008))).toBe(MATCH);
    expect(r(dport(true, 15008), { ...base, protocol: 17 })).toBe(NO_MATCH);
    expect(
      r(
        { kind: 'port', module: 'udp', direction: 'source', negated: false, ranges: [{ from: 40000, to: 40000 }] },
        { ...base, protocol: 17 },
      ),
    ).toBe(MATCH);
  });
  it('multiport --dports / --ports lists', () => {
    const mp = (direction: 'destination' | 'either', negated: boolean): Match => ({
      kind: 'port',
      module: 'multiport',
      direction,
      negated,
      ranges: [
        { from: 53, to: 53 },
        { from: 15008, to: 15008 },
      ],
    });
    expect(r(mp('destination', false))).toBe(NO_MATCH);
    expect(r(mp('destination', true))).toBe(MATCH);
    expect(r(mp('either', false), { ...base, sport: 53 })).toBe(MATCH);
    expect(r(mp('destination', true), { ...base, protocol: 1 })).toBe(NO_MATCH);
  });
});

describe('owner (net/netfilter/xt_owner.c)', () => {
  const uid = (negated: boolean, id = 1337): Match => ({
    kind: 'owner',
    uid: { range: { from: id, to: id }, negated },
  });
  it('uid, gid, ranges and negation', () => {
    expect(r(uid(false))).toBe(MATCH);
    expect(r(uid(true))).toBe(NO_MATCH);
    expect(r(uid(false, 1000))).toBe(NO_MATCH);
    expect(r({ kind: 'owner', gid: { range: { from: 1000, to: 2000 }, negated: false } })).toBe(MATCH);
    expect(
      r({
        kind: 'owner',
        uid: { range: { from: 1337, to: 1337 }, negated: false },
        gid: { range: { from: 1000, to: 1000 }, negated: false },
      }),
    ).toBe(NO_MATCH);
  });
  it('without a socket: true only when every criterion is negated', () => {
    const none = { ...base, owner: null };
    expect(r(uid(false), none)).toBe(NO_MATCH);
    expect(r(uid(true), none)).toBe(MATCH);
    expect(
      r(
        {
          kind: 'owner',
          uid: { range: { from: 1337, to: 1337 }, negated: true },
          gid: { range: { from: 1337, to: 1337 }, negated: false },
        },
        none,
      ),
    ).toBe(NO_MATCH);
    expect(r({ kind: 'owner', socketExists: { negated: false } }, none)).toBe(NO_MATCH);
    expect(r({ kind: 'owner', socketExists: { negated: true } }, none)).toBe(MATCH);
    expect(r({ kind: 'owner', socketExists: { negated: true } })).toBe(NO_MATCH);
  });
  it('--suppl-groups also looks at supplementary groups', () => {
    const p = { ...base, owner: { uid: 1000, gid: 1000, groups: [1337] } };
    expect(r({ kind: 'owner', gid: { range: { from: 1337, to: 1337 }, negated: false } }, p)).toBe(NO_MATCH);
    expect(r({ kind: 'owner', gid: { range: { from: 1337, to: 1337 }, negated: false }, supplGroups: true }, p)).toBe(
      MATCH,
    );
  });
});

describe('marks, conntrack, comment, unsupported', () => {
  it('mark and connmark with masks and negation', () => {
    expect(r({ kind: 'mark', negated: false, value: 0x539, mask: 0xffffffff })).toBe(MATCH);
    expect(r({ kind: 'mark', negated: true, value: 0x539, mask: 0xffffffff })).toBe(NO_MATCH);
    expect(r({ kind: 'mark', negated: false, value: 0x500, mask: 0xf00 })).toBe(MATCH);
    expect(r({ kind: 'connmark', negated: false, value: 1337, mask: 0xffffffff })).toBe(NO_MATCH);
  });
  it('conntrack states; SNAT/DNAT are not guessed', () => {
    expect(r({ kind: 'conntrack', negated: false, states: ['NEW'] })).toBe(MATCH);
    expect(r({ kind: 'conntrack', negated: false, states: ['RELATED', 'ESTABLISHED'] })).toBe(NO_MATCH);
    expect(r({ kind: 'conntrack', negated: true, states: ['INVALID'] })).toBe(MATCH);
    expect(r({ kind: 'conntrack', negated: false, states: ['DNAT'] })).toBe(UNKNOWN);
  });
  it('comment always matches; unsupported is unknown', () => {
    expect(r({ kind: 'comment', text: 'x' })).toBe(MATCH);
    expect(r({ kind: 'unsupported', module: 'statistic', text: '-m statistic --mode random' })).toBe(UNKNOWN);
  });
});

// The compiled predicate (predicate.ts) must agree with evaluateMatch on every match and packet.
const word = fc.oneof(
  fc.constantFrom(0x0afa0002, 0x0afa0003, 0x7f000001, 0x7f000006),
  fc.integer({ min: 0, max: 0xffffffff }),
);
const addr4 = word.map((w) => ({ family: 'ipv4' as const, words: [w >>> 0] }));
const cidr4 = fc
  .record({ addr: addr4, prefix: fc.integer({ min: 0, max: 32 }) })
  .map(({ addr, prefix }) =>
    parseCidr(
      `${addr.words[0]! >>> 24}.${(addr.words[0]! >>> 16) & 255}.${(addr.words[0]! >>> 8) & 255}.${addr.words[0]! & 255}/${prefix}`,
    ),
  );
const port = fc.oneof(fc.constantFrom(53, 8080, 15001, 15006, 15008), fc.integer({ min: 0, max: 65535 }));
const range = fc.tuple(port, port).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const id = fc.oneof(fc.constantFrom(0, 1000, 1337), fc.integer({ min: 0, max: 70000 }));
const crit = fc.record({
  range: fc.tuple(id, id).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })),
  negated: fc.boolean(),
});
const matchArb: fc.Arbitrary<Match> = fc.oneof(
  fc.record({ kind: fc.constantFrom('source' as const, 'destination' as const), negated: fc.boolean(), cidr: cidr4 }),
  fc.record({
    kind: fc.constantFrom('in-interface' as const, 'out-interface' as const),
    negated: fc.boolean(),
    name: fc.constantFrom('lo', 'eth0', 'eth+', '+'),
  }),
  fc.record({
    kind: fc.constant('protocol' as const),
    negated: fc.boolean(),
    protocol: fc.constantFrom(6, 17, 1, 'all' as const),
    name: fc.constant('x'),
  }),
  fc
    .record({
      kind: fc.constant('port' as const),
      module: fc.constantFrom('tcp' as const, 'udp' as const, 'multiport' as const),
      direction: fc.constantFrom('destination' as const, 'source' as const, 'either' as const),
      negated: fc.boolean(),
      ranges: fc.array(range, { minLength: 1, maxLength: 3 }),
    })
    .filter((m) => m.module === 'multiport' || m.direction !== 'either'),
  fc.record(
    {
      kind: fc.constant('owner' as const),
      uid: fc.option(crit, { nil: undefined }),
      gid: fc.option(crit, { nil: undefined }),
    },
    { requiredKeys: ['kind'] },
  ),
  fc.record({
    kind: fc.constantFrom('mark' as const, 'connmark' as const),
    negated: fc.boolean(),
    value: fc.integer({ min: 0, max: 0xffff }),
    mask: fc.integer({ min: 0, max: 0xffffffff }),
  }),
);
const packetArb: fc.Arbitrary<Packet> = fc.record({
  family: fc.constant('ipv4' as const),
  protocol: fc.constantFrom(6, 17, 1),
  src: addr4,
  dst: addr4,
  sport: port,
  dport: port,
  inIface: fc.constantFrom(null, 'lo', 'eth0'),
  outIface: fc.constantFrom(null, 'lo', 'eth0', 'eth1'),
  owner: fc.option(fc.record({ uid: id, gid: id }), { nil: null }),
  mark: fc.integer({ min: 0, max: 0xffff }),
  ctmark: fc.integer({ min: 0, max: 0xffff }),
  ctstate: fc.constant('NEW' as const),
  firstPacket: fc.constant(true),
});

prop([fc.array(matchArb, { minLength: 0, maxLength: 4 }), packetArb], { numRuns: 2000 })(
  'the compiled predicate agrees with evaluateMatch',
  (matches, p) => {
    const expected = matches.reduce<number>((acc, m) => (acc !== MATCH ? acc : evaluateMatch(m, p)), MATCH);
    expect(compilePredicate(matches)(p)).toBe(expected);
  },
);
