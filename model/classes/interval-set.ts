// Sets of field values as sorted, disjoint, non-adjacent inclusive intervals: the per-field part of a class's box.
// A rule's CIDR or port list cuts a set into at most a few more intervals, so `-d C -j RETURN` lists stay linear.
import type { Span } from '../kinds/index.ts';

export type IntervalSet = readonly Span[];

export const EMPTY: IntervalSet = [];

export const span = (from: bigint, to: bigint): IntervalSet => (from <= to ? [{ from, to }] : EMPTY);

export const single = (v: bigint): IntervalSet => [{ from: v, to: v }];

/** Sorts and merges arbitrary spans into a set. */
export function normalise(spans: readonly Span[]): IntervalSet {
  const sorted = [...spans].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to + 1n) {
      if (s.to > last.to) out[out.length - 1] = { from: last.from, to: s.to };
    } else out.push(s);
  }
  return out;
}

/** The index of the first span of `set` that ends after v (set.length when none does). */
function firstEndingAfter(set: IntervalSet, v: bigint): number {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid]!.to <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether every value of a is in b: whether a has no value in any gap of b. Each gap is looked up by binary search,
 * so narrowing a class's many destination spans by a rule's one CIDR costs a few steps, not one per span. The gaps
 * are compared as open intervals (no bigint arithmetic, which allocates): this runs at every narrowing.
 */
export function within(a: IntervalSet, b: IntervalSet): boolean {
  if (a.length === 0) return true;
  if (b.length === 0) return false;
  const first = a[0]!.from;
  const last = a[a.length - 1]!.to;
  if (first < b[0]!.from) return false;
  if (last > b[b.length - 1]!.to) return false;
  for (let j = 1; j < b.length; j++) {
    // The gap between b's spans j-1 and j: the values after `after` and before `before`.
    const after = b[j - 1]!.to;
    const before = b[j]!.from;
    if (before <= first) continue;
    if (after >= last) break;
    const i = firstEndingAfter(a, after);
    if (i < a.length && a[i]!.from < before) return false;
  }
  return true;
}

/** a ∩ b; `a` itself when b holds all of it (narrowing a class mostly keeps a field as it is: no copy then). */
export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (within(a, b)) return a;
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const from = x.from > y.from ? x.from : y.from;
    const to = x.to < y.to ? x.to : y.to;
    if (from <= to) out.push({ from, to });
    if (x.to < y.to) i++;
    else j++;
  }
  return out;
}

export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: Span[] = [];
  let j = 0;
  for (let n = 0; n < a.length; n++) {
    const x = a[n]!;
    let from = x.from;
    while (j < b.length && b[j]!.to < from) j++;
    let k = j;
    while (k < b.length && b[k]!.from <= x.to) {
      const y = b[k]!;
      if (y.from > from) out.push({ from, to: y.from - 1n });
      from = y.to + 1n;
      if (y.to >= x.to) break;
      k++;
    }
    if (from <= x.to) out.push({ from, to: x.to });
  }
  return out;
}

export function contains(set: IntervalSet, v: bigint): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = set[mid]!;
    if (v < s.from) hi = mid - 1;
    else if (v > s.to) lo = mid + 1;
    else return true;
  }
  return false;
}

export function sameSet(a: IntervalSet, b: IntervalSet): boolean {
  return a.length === b.length && a.every((s, i) => s.from === b[i]!.from && s.to === b[i]!.to);
}

/** How many values the set holds. */
export function size(set: IntervalSet): bigint {
  let n = 0n;
  for (const s of set) n += s.to - s.from + 1n;
  return n;
}

/** The least value of the set that is at least `floor`, or the set's least value when none is. */
export function firstFrom(set: IntervalSet, floor: bigint): bigint | undefined {
  for (const s of set) {
    if (s.to >= floor) return s.from > floor ? s.from : floor;
  }
  return set[0]?.from;
}
