// Interval sets and boxes: the set algebra the partition relies on, checked against sets of small numbers.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type Box, subtractBox } from '../../model/classes/box.ts';
import {
  contains,
  firstFrom,
  type IntervalSet,
  intersect,
  normalise,
  size,
  subtract,
  within,
} from '../../model/classes/interval-set.ts';

const setArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 6 })), { maxLength: 6 })
  .map((xs) => normalise(xs.map(([a, w]) => ({ from: BigInt(a), to: BigInt(a + w) }))));

const members = (s: IntervalSet) => new Set([...Array(60).keys()].filter((v) => contains(s, BigInt(v))));

describe('interval sets', () => {
  test.prop([setArb, setArb])('intersect and subtract are the set operations', (a, b) => {
    const ma = members(a);
    const mb = members(b);
    expect(members(intersect(a, b))).toEqual(new Set([...ma].filter((v) => mb.has(v))));
    expect(members(subtract(a, b))).toEqual(new Set([...ma].filter((v) => !mb.has(v))));
    expect(size(a)).toBe(BigInt(ma.size));
    expect(within(a, b)).toBe([...ma].every((v) => mb.has(v)));
  });

  test.prop([setArb, setArb])('results are sorted, disjoint and not adjacent', (a, b) => {
    for (const s of [intersect(a, b), subtract(a, b)]) {
      for (let i = 1; i < s.length; i++) expect(s[i]!.from).toBeGreaterThan(s[i - 1]!.to + 1n);
    }
  });

  it('firstFrom prefers values at or above the floor', () => {
    const s = normalise([
      { from: 0n, to: 2n },
      { from: 10n, to: 20n },
    ]);
    expect(firstFrom(s, 5n)).toBe(10n);
    expect(firstFrom(s, 12n)).toBe(12n);
    expect(firstFrom(s, 30n)).toBe(0n);
  });
});

describe('boxes', () => {
  test.prop([setArb, setArb, setArb, setArb])(
    'outer minus inner is disjoint pieces that, with inner, make up outer',
    (dst, dport, dstIn, dportIn) => {
      const outer: Box = {
        family: 'ipv4',
        protocol: 'tcp',
        initiator: { kind: 'pod', bind: undefined },
        vars: { dst, dport },
      };
      const inner: Box = { ...outer, vars: { dst: intersect(dst, dstIn), dport: intersect(dport, dportIn) } };
      const pieces = [inner, ...subtractBox(outer, inner)];
      const count = (b: Box) => size(b.vars.dst!) * size(b.vars.dport!);
      expect(pieces.reduce((n, b) => n + count(b), 0n)).toBe(count(outer));
      // Pairwise disjoint: some field's sets do not meet.
      for (let i = 0; i < pieces.length; i++)
        for (let j = i + 1; j < pieces.length; j++) {
          const a = pieces[i]!.vars;
          const b = pieces[j]!.vars;
          expect(intersect(a.dst!, b.dst!).length === 0 || intersect(a.dport!, b.dport!).length === 0).toBe(true);
        }
    },
  );
});
