// One step of the partition: simulate a box's representative, and narrow the box to the connections that take every
// decision the representative took. Two kinds of decision are recorded:
// 1. every rule test of every hop (the kernel reports them, RuleObserver): each match kind's `region` says which
//    values of the varying fields keep the match's result, and a rule's result is its first non-matching match's;
// 2. every place the pod's own code reads a varying value (cells.ts): the field is narrowed to its world cell.
// A packet field "carries" a varying value of the original connection when it equals the representative's value of
// that field. Follow-on hops copy fields (Envoy re-dials the original destination), so a rule of a later hop that
// tests a copied field splits the original box. Taking an equal constant for a copy only narrows the class more than
// needed, never less. Obligation (test/classes/partition.test.ts): every connection of the narrowed box has the
// representative's fate (fate.ts).
import type { ChainObserver, CompiledRule, Packet } from '../kernel/index.ts';
import { MATCH, type MatchResult, matchKind, type SymbolicField } from '../kinds/index.ts';
import { type Addr, addrToBig } from '../net/index.ts';
import { type Connection, simulate, type World } from '../pod/index.ts';
import type { Hop, Trace } from '../trace/index.ts';
import { type Box, narrow } from './box.ts';
import type { Cells } from './cells.ts';
import { connectionOf, representativeValues, type Values } from './representative.ts';

export interface Explored {
  readonly connection: Connection;
  readonly values: Values;
  readonly trace: Trace;
  /** The box narrowed to the connections that decide everything as the representative did. */
  readonly narrowed: Box;
}

function addrBig(cache: { addr: Addr | null; big: bigint }, a: Addr): bigint {
  if (cache.addr !== a) {
    cache.addr = a;
    cache.big = addrToBig(a);
  }
  return cache.big;
}

/** The varying fields a packet carries: those whose value equals the representative's value of that field. */
function carried(v: Values, p: Packet, src: typeof srcCache, dst: typeof dstCache): Set<SymbolicField> {
  const out = new Set<SymbolicField>();
  if (v.dst !== undefined && addrBig(dst, p.dst) === v.dst) out.add('dst');
  if (v.src !== undefined && addrBig(src, p.src) === v.src) out.add('src');
  if (v.dport !== undefined && BigInt(p.dport) === v.dport) out.add('dport');
  if (p.owner !== null) {
    if (v.uid !== undefined && BigInt(p.owner.uid) === v.uid) out.add('uid');
    if (v.gid !== undefined && BigInt(p.owner.gid) === v.gid) out.add('gid');
  }
  return out;
}
const srcCache = { addr: null as Addr | null, big: 0n };
const dstCache = { addr: null as Addr | null, big: 0n };

/** Narrows `box` by one rule test: the matches up to and including the first one that is not MATCH. */
function narrowByRule(box: Box, v: Values, rule: CompiledRule, p: Packet): Box {
  let out = box;
  let symbolic: Set<SymbolicField> | null = null;
  for (const m of rule.matches) {
    const kind = matchKind(m);
    symbolic ??= carried(v, p, srcCache, dstCache);
    if (symbolic.size > 0) for (const r of kind.region(m as never, p, symbolic)) out = narrow(out, r.field, r.spans);
    if ((kind.evaluate(m as never, p) as MatchResult) !== MATCH) break;
  }
  return out;
}

/** Narrows `box` to the world cells of every varying value the pod's code reads in the hop (cells.ts). */
function narrowByHop(box: Box, v: Values, cells: Cells, hop: Hop, sameStory: boolean): Box {
  let out = box;
  const cell = (field: SymbolicField, value: bigint) => {
    if (v[field] === value) out = narrow(out, field, cells.cellOf(field, value));
  };
  const addr = (a: Addr | null) => (a === null ? undefined : addrToBig(a));
  const dst = addr(hop.dst.addr);
  const src = addr(hop.src.addr);
  // Routing, source selection and the martian checks read the destination (and an outside sender's source).
  if (dst !== undefined) cell('dst', dst);
  if (src !== undefined && hop.actor.where === 'outside') cell('src', src);
  if (hop.actor.owner) {
    cell('uid', BigInt(hop.actor.owner.uid));
    cell('gid', BigInt(hop.actor.owner.gid));
  }
  const after = addr(hop.dstAfterNat.addr);
  if (after !== undefined) cell('dst', after);
  const among = (n: number, named: readonly bigint[]) => {
    if (v.dport === BigInt(n)) out = narrow(out, 'dport', cells.portAmong(BigInt(n), named));
  };
  const l = hop.landed;
  // The listener lookup reads the port after NAT; a capture listener's follow-on reads the original destination's
  // port (the blackhole check, the Service lookup, the application's declared ports); leaving the pod names a
  // Service by address and port; loop detection compares the hops of one actor field by field.
  if (l.kind === 'listener' || l.kind === 'refused') among(hop.dstAfterNat.port, cells.listenerPorts);
  if (l.kind === 'listener' && (l.role === 'outbound-capture' || l.role === 'inbound-capture'))
    among(hop.dst.port, [...cells.capturePorts, BigInt(l.listenerPort)]);
  if (l.kind === 'left-pod' && after !== undefined && cells.vipAddrs.includes(after))
    among(hop.dstAfterNat.port, cells.vipPorts);
  if (sameStory) {
    cell('dport', BigInt(hop.dst.port));
    cell('dport', BigInt(hop.dstAfterNat.port));
  }
  return out;
}

/** Hops that loop detection may compare: two hops with the same actor, owner and protocol. */
function comparable(trace: Trace): Set<number> {
  const seen = new Map<string, number>();
  const out = new Set<number>();
  for (const h of trace.hops) {
    const key = `${h.actor.id}|${h.actor.owner?.uid}/${h.actor.owner?.gid}|${h.protocol}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      out.add(earlier);
      out.add(h.n);
    } else seen.set(key, h.n);
  }
  return out;
}

export function explore(world: World, box: Box, cells: Cells, observer?: ChainObserver): Explored {
  const values = representativeValues(world, box, cells);
  const connection = connectionOf(world, box, values);
  // simulate() decides on the connection itself before any packet exists (connect() to 0.0.0.0 reaches loopback,
  // multicast fails, the source address follows the destination, the actor follows the uid and gid): every varying
  // value but the port starts in its world cell.
  let narrowed = box;
  for (const [field, value] of Object.entries(values) as [SymbolicField, bigint][]) {
    if (field !== 'dport') narrowed = narrow(narrowed, field, cells.cellOf(field, value));
  }
  srcCache.addr = null;
  dstCache.addr = null;
  const trace = simulate(world, connection, {
    ...(observer ? { observer } : {}),
    onRule: (rule, p) => {
      narrowed = narrowByRule(narrowed, values, rule, p);
    },
  });
  const loopCandidates = comparable(trace);
  for (const hop of trace.hops) narrowed = narrowByHop(narrowed, values, cells, hop, loopCandidates.has(hop.n));
  return { connection, values, trace, narrowed };
}
