// Each match kind's region piece (model/kinds/region.ts) against its own evaluate: for a packet p and a packet q that
// equals p except in the symbolic fields, and whose symbolic fields lie in the regions computed for p, the match gives
// q the result it gives p. A region that forgot a field, or took the wrong side of a CIDR or range, fails here.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type FieldRegion, matchKind, type SymbolicField } from '../../model/kinds/index.ts';
import { addrToBig, bigToAddr, parseCidr } from '../../model/net/index.ts';
import { type Match, type Packet, PROTO_TCP, PROTO_UDP } from '../../model/ruleset/index.ts';

const MATCHES: readonly Match[] = [
  { kind: 'destination', negated: false, cidr: parseCidr('10.0.0.0/8') },
  { kind: 'destination', negated: true, cidr: parseCidr('127.0.0.1/32') },
  { kind: 'source', negated: false, cidr: parseCidr('127.0.0.6/32') },
  { kind: 'port', module: 'tcp', direction: 'destination', negated: false, ranges: [{ from: 15001, to: 15001 }] },
  { kind: 'port', module: 'tcp', direction: 'destination', negated: true, ranges: [{ from: 80, to: 90 }] },
  {
    kind: 'port',
    module: 'multiport',
    direction: 'either',
    negated: false,
    ranges: [
      { from: 53, to: 53 },
      { from: 8000, to: 9000 },
    ],
  },
  { kind: 'owner', uid: { range: { from: 1337, to: 1337 }, negated: false } },
  { kind: 'owner', uid: { range: { from: 1337, to: 1337 }, negated: true } },
  {
    kind: 'owner',
    uid: { range: { from: 1000, to: 2000 }, negated: false },
    gid: { range: { from: 1337, to: 1337 }, negated: true },
  },
  { kind: 'owner', gid: { range: { from: 5, to: 6 }, negated: false }, supplGroups: true },
  { kind: 'protocol', negated: false, protocol: PROTO_TCP, name: 'tcp' },
  { kind: 'mark', negated: false, value: 0x539, mask: 0xfff },
];

const SYMBOLIC: ReadonlySet<SymbolicField> = new Set(['src', 'dst', 'dport', 'uid', 'gid']);

const addrArb = fc.oneof(fc.constantFrom('10.1.2.3', '127.0.0.1', '127.0.0.6', '9.255.255.255', '11.0.0.0'), fc.ipV4());
const packetArb = fc
  .record({
    src: addrArb,
    dst: addrArb,
    sport: fc.oneof(fc.constantFrom(53, 40000), fc.integer({ min: 1, max: 65535 })),
    dport: fc.oneof(fc.constantFrom(80, 90, 91, 15001, 8000, 9000), fc.integer({ min: 1, max: 65535 })),
    uid: fc.oneof(fc.constantFrom(1000, 1337, 2000), fc.nat()),
    gid: fc.oneof(fc.constantFrom(5, 1337), fc.nat()),
    groups: fc.array(fc.constantFrom(5, 7), { maxLength: 2 }),
    protocol: fc.constantFrom(PROTO_TCP, PROTO_UDP),
    owned: fc.boolean(),
  })
  .map(
    (r): Packet => ({
      family: 'ipv4',
      protocol: r.protocol,
      src: bigToAddr('ipv4', addrToBig(parseCidr(`${r.src}/32`).addr)),
      dst: parseCidr(`${r.dst}/32`).addr,
      sport: r.sport,
      dport: r.dport,
      inIface: null,
      outIface: 'eth0',
      owner: r.owned ? { uid: r.uid, gid: r.gid, groups: r.groups } : null,
      mark: 0,
      ctmark: 0,
      ctstate: 'NEW',
      firstPacket: true,
    }),
  );

function within(regions: readonly FieldRegion[], field: SymbolicField, v: bigint): boolean {
  return regions.filter((r) => r.field === field).every((r) => r.spans.some((s) => v >= s.from && v <= s.to));
}

/** q's value of a symbolic field. */
function fieldValue(q: Packet, f: SymbolicField): bigint {
  switch (f) {
    case 'src':
      return addrToBig(q.src);
    case 'dst':
      return addrToBig(q.dst);
    case 'dport':
      return BigInt(q.dport);
    case 'uid':
      return BigInt(q.owner?.uid ?? 0);
    case 'gid':
      return BigInt(q.owner?.gid ?? 0);
  }
}

describe('match kinds split sets of packets soundly', () => {
  test.prop([fc.constantFrom(...MATCHES), packetArb, packetArb])(
    'a packet inside the region of p gets the result p gets',
    (m, p, other) => {
      const kind = matchKind(m);
      const regions = kind.region(m as never, p, SYMBOLIC);
      // q: p with the symbolic fields of `other` (its owner's ids only when p has an owner).
      const q: Packet = {
        ...p,
        src: other.src,
        dst: other.dst,
        dport: other.dport,
        owner: p.owner && other.owner ? { ...p.owner, uid: other.owner.uid, gid: other.owner.gid } : p.owner,
      };
      fc.pre([...SYMBOLIC].every((f) => within(regions, f, fieldValue(q, f))));
      expect(kind.evaluate(m as never, q)).toBe(kind.evaluate(m as never, p));
    },
  );

  it('the region of a CIDR test is the CIDR on one side and its complement on the other', () => {
    const m = MATCHES[0]!;
    const base = fc.sample(packetArb, { numRuns: 1, seed: 1 })[0]!;
    const inside = { ...base, dst: parseCidr('10.9.9.9/32').addr };
    const outside = { ...base, dst: parseCidr('11.0.0.1/32').addr };
    expect(matchKind(m).region(m as never, inside, SYMBOLIC)).toEqual([
      { field: 'dst', spans: [{ from: 0x0a000000n, to: 0x0affffffn }] },
    ]);
    expect(matchKind(m).region(m as never, outside, SYMBOLIC)).toEqual([
      {
        field: 'dst',
        spans: [
          { from: 0n, to: 0x09ffffffn },
          { from: 0x0b000000n, to: 0xffffffffn },
        ],
      },
    ]);
    // Not symbolic: nothing to split.
    expect(matchKind(m).region(m as never, inside, new Set())).toEqual([]);
  });
});
