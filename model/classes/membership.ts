// Which class a connection belongs to: the inverse of connectionOf, for the proof obligations (every connection is in
// exactly one class) and for looking a connection's class up.
import type { SymbolicField } from '../kinds/index.ts';
import { type Addr, addrEquals, addrToBig } from '../net/index.ts';
import type { Connection } from '../pod/index.ts';
import type { Box } from './box.ts';
import { contains } from './interval-set.ts';

/** The box's values of a connection, or null when the connection is not one of the box's discrete choices. */
export function valuesIn(box: Box, c: Connection): Partial<Record<SymbolicField, bigint>> | null {
  const dst = c.dst.addr;
  if (dst.family !== box.family || c.protocol !== box.protocol) return null;
  if (c.request !== undefined || c.sport !== undefined) return null;
  const v: Partial<Record<SymbolicField, bigint>> = { dst: addrToBig(dst), dport: BigInt(c.dst.port) };
  if (box.initiator.kind === 'outside') {
    if (c.from.kind !== 'outside' || c.from.actor !== box.initiator.actor || c.from.addr === undefined) return null;
    v.src = addrToBig(c.from.addr);
  } else {
    if (c.from.kind !== 'pod' || !sameBind(c.src, box.initiator.bind) || c.from.groups?.length) return null;
    v.uid = BigInt(c.from.uid);
    v.gid = BigInt(c.from.gid);
  }
  return v;
}

function sameBind(a: Addr | undefined, b: Addr | undefined): boolean {
  return a === undefined || b === undefined ? a === b : addrEquals(a, b);
}

export function boxHolds(box: Box, c: Connection): boolean {
  const v = valuesIn(box, c);
  if (v === null) return false;
  return (Object.entries(box.vars) as [SymbolicField, Box['vars'][SymbolicField]][]).every(
    ([f, set]) => set === undefined || (v[f] !== undefined && contains(set, v[f]!)),
  );
}
