// A box: one combination of the discrete choices of a connection (address family, protocol, who opens it and from
// which bound source) and, for each field that varies, a set of values. Every connection in the box is one
// simulate() input; a packet class is a box whose connections all have the same fate.
import type { SymbolicField } from '../kinds/index.ts';
import type { Addr, Family } from '../net/index.ts';
import type { OutsideActor } from '../pod/index.ts';
import { type IntervalSet, intersect, sameSet, subtract } from './interval-set.ts';

export type BoxInitiator =
  /** A process in the pod, with the bound source it connects from (undefined: the kernel chooses). */
  | { readonly kind: 'pod'; readonly bind: Addr | undefined }
  | { readonly kind: 'outside'; readonly actor: OutsideActor['id'] };

export type BoxVars = Readonly<Partial<Record<SymbolicField, IntervalSet>>>;

export interface Box {
  readonly family: Family;
  readonly protocol: 'tcp' | 'udp';
  readonly initiator: BoxInitiator;
  /** The varying fields: pod initiators vary dst, dport, uid and gid; outside ones src, dst and dport. */
  readonly vars: BoxVars;
}

export const VAR_ORDER: readonly SymbolicField[] = ['dst', 'dport', 'uid', 'gid', 'src'];

export function isEmptyBox(box: Box): boolean {
  for (let i = 0; i < VAR_ORDER.length; i++) if (box.vars[VAR_ORDER[i]!]?.length === 0) return true;
  return false;
}

/** The box with one field narrowed to `set` (a field the box does not vary is left alone). */
export function narrow(box: Box, field: SymbolicField, set: IntervalSet): Box {
  const current = box.vars[field];
  if (current === undefined) return box;
  const next = intersect(current, set);
  return next === current ? box : { ...box, vars: { ...box.vars, [field]: next } };
}

/**
 * outer minus inner, where inner is outer narrowed field by field: disjoint boxes, one per narrowed field (the
 * fields before it as in inner, the field itself outside inner, the fields after it as in outer).
 */
export function subtractBox(outer: Box, inner: Box): Box[] {
  const out: Box[] = [];
  for (let n = 0; n < VAR_ORDER.length; n++) {
    const f = VAR_ORDER[n]!;
    const o = outer.vars[f];
    const i = inner.vars[f];
    if (o === undefined || i === undefined || sameSet(o, i)) continue;
    const rest = subtract(o, i);
    if (rest.length > 0) out.push({ ...outer, vars: restVars(outer.vars, inner.vars, n, rest) });
  }
  return out;
}

/**
 * The vars of the n-th piece: the fields before VAR_ORDER[n] as in inner, that field's `rest`, the fields after it
 * as in outer; in outer's key order. Built field by field (no spread with computed keys, slow where this runs: once
 * per piece of every class).
 */
function restVars(outer: BoxVars, inner: BoxVars, n: number, rest: IntervalSet): BoxVars {
  const vars: Partial<Record<SymbolicField, IntervalSet>> = {};
  for (const key in outer) {
    const f = key as SymbolicField;
    const at = VAR_ORDER.indexOf(f);
    vars[f] = at === n ? rest : at >= 0 && at < n && inner[f] !== undefined ? inner[f] : outer[f];
  }
  return vars;
}
