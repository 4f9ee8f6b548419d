// The packet-class analysis (model/classes) walks sets of packets, not single packets. A kind says how its match
// constrains the fields that vary inside a class: given one packet p, the values of each varying field that keep the
// match's result what it is for p. Fields that do not vary inside a class are read from p, as evaluate reads them.
import { addrMax, type Family } from '../net/index.ts';

/** The packet fields that vary inside a class; every other field is the same for the whole class. */
export type SymbolicField = 'src' | 'dst' | 'dport' | 'uid' | 'gid';

/** An inclusive interval of a field's values (addresses as unsigned integers, see net's addrToBig). */
export interface Span {
  readonly from: bigint;
  readonly to: bigint;
}

/** A field's allowed values: a union of spans. */
export interface FieldRegion {
  readonly field: SymbolicField;
  readonly spans: readonly Span[];
}

/** The largest value of a field: the family's last address, the last port, the last uid/gid xt_owner accepts. */
export function fieldMax(field: SymbolicField, family: Family): bigint {
  if (field === 'src' || field === 'dst') return addrMax(family);
  return field === 'dport' ? 65535n : 0xffffffffn;
}

/** The sorted spans not covered by `spans` (which may overlap and be unsorted) within [0, max]. */
export function complementSpans(spans: readonly Span[], max: bigint): Span[] {
  const sorted = [...spans].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Span[] = [];
  let next = 0n;
  for (const s of sorted) {
    if (s.from > next) out.push({ from: next, to: s.from - 1n });
    if (s.to + 1n > next) next = s.to + 1n;
  }
  if (next <= max) out.push({ from: next, to: max });
  return out;
}

/**
 * The region of one field for a test "the field is in `spans`": `spans` when p's value is in them, their complement
 * otherwise. Either way every value in the region gives the test the same answer as p's value.
 */
export function sameSide(field: SymbolicField, family: Family, spans: readonly Span[], inside: boolean): FieldRegion {
  return { field, spans: inside ? spans : complementSpans(spans, fieldMax(field, family)) };
}

const FIELD_SLOT: Readonly<Record<SymbolicField, number>> = { src: 0, dst: 1, dport: 2, uid: 3, gid: 4 };
const regionCache = new WeakMap<object, (FieldRegion | undefined)[]>();

/**
 * sameSide for a test whose spans `spansOf(source)` derives from one object of a parsed match (a CIDR, a port list,
 * a uid range), made once per source, field, family and side: the class analysis asks the same rule's test at every
 * class that reaches it, thousands of times per check. Parsed matches are never changed, so the cache is sound.
 */
export function sameSideOf<S extends object>(
  source: S,
  field: SymbolicField,
  family: Family,
  spansOf: (source: S) => readonly Span[],
  inside: boolean,
): FieldRegion {
  let slots = regionCache.get(source);
  if (slots === undefined) {
    slots = [];
    regionCache.set(source, slots);
  }
  const slot = FIELD_SLOT[field] * 4 + (family === 'ipv4' ? 0 : 2) + (inside ? 1 : 0);
  let region = slots[slot];
  if (region === undefined) {
    region = sameSide(field, family, spansOf(source), inside);
    slots[slot] = region;
  }
  return region;
}

export const rangeSpan = (r: { readonly from: number; readonly to: number }): Span => ({
  from: BigInt(r.from),
  to: BigInt(r.to),
});
