// One step of the partition: simulate a box's representative, and narrow the box to the connections that take every
// decision the representative took. Two kinds of decision are recorded:
// 1. every rule test of every hop (the kernel reports them, RuleObserver): each match kind's `region` says which
//    values of the varying fields keep the match's result, and a rule's result is its first non-matching match's;
//    A run of same-target rules (model/kernel/runs.ts: istio-iptables' CIDR and port lists) is one test (narrowByRun),
//    so a class does not split at each rule of the list;
// 2. every place the pod's own code reads a varying value (cells.ts): the field is narrowed to its world cell.
// A packet field "carries" a varying value of the original connection when it equals the representative's value of
// that field. Follow-on hops copy fields (Envoy re-dials the original destination), so a rule of a later hop that
// tests a copied field splits the original box. Taking an equal constant for a copy only narrows the class more than
// needed, never less. Obligation (test/classes/partition.test.ts): every connection of the narrowed box has the
// representative's fate (fate.ts).
import type { ChainObserver, CompiledRule, Packet, RuleRun } from '../kernel/index.ts';
import { MATCH, type MatchResult, matchKind, type SymbolicField } from '../kinds/index.ts';
import { type Addr, addrToBig } from '../net/index.ts';
import { type Connection, simulate, type World } from '../pod/index.ts';
import type { Hop, Trace } from '../trace/index.ts';
import type { Box } from './box.ts';
import type { Cells } from './cells.ts';
import { type IntervalSet, intersect } from './interval-set.ts';
import { connectionOf, representativeValues, type Values } from './representative.ts';

export interface Explored {
  readonly connection: Connection;
  readonly values: Values;
  readonly trace: Trace;
  /** The box narrowed to the connections that decide everything as the representative did. */
  readonly narrowed: Box;
  /** The runs of same-target rules the class matched on a value it varies (its connections match various rules). */
  readonly runMatches: readonly RunMatch[];
}

/** A run of same-target rules (model/kernel/runs.ts) a class matched in the field it varies, and the run's chain. */
export interface RunMatch {
  readonly run: RuleRun;
  readonly rules: readonly CompiledRule[];
}

/** The varying fields of the box being narrowed, updated in place: one object per explored box, not one per test. */
type WorkingVars = Partial<Record<SymbolicField, IntervalSet>>;

function narrowVar(vars: WorkingVars, field: SymbolicField, set: IntervalSet): void {
  const current = vars[field];
  if (current !== undefined) vars[field] = intersect(current, set);
}

/** The representative's values, and the last packet addresses converted (a hop's packet keeps its Addr objects). */
interface Reading {
  readonly v: Values;
  readonly vdport: number | undefined;
  readonly vuid: number | undefined;
  readonly vgid: number | undefined;
  srcAddr: Addr | null;
  srcBig: bigint;
  dstAddr: Addr | null;
  dstBig: bigint;
  /** Reused for every rule test (a match kind's region only reads it). */
  readonly symbolic: Set<SymbolicField>;
}

function reading(v: Values): Reading {
  const num = (x: bigint | undefined) => (x === undefined ? undefined : Number(x));
  return {
    v,
    vdport: num(v.dport),
    vuid: num(v.uid),
    vgid: num(v.gid),
    srcAddr: null,
    srcBig: 0n,
    dstAddr: null,
    dstBig: 0n,
    symbolic: new Set(),
  };
}

/** The varying fields a packet carries: those whose value equals the representative's value of that field. */
function carried(r: Reading, p: Packet): Set<SymbolicField> {
  const { v, symbolic: out } = r;
  out.clear();
  if (v.dst !== undefined) {
    if (r.dstAddr !== p.dst) {
      r.dstAddr = p.dst;
      r.dstBig = addrToBig(p.dst);
    }
    if (r.dstBig === v.dst) out.add('dst');
  }
  if (v.src !== undefined) {
    if (r.srcAddr !== p.src) {
      r.srcAddr = p.src;
      r.srcBig = addrToBig(p.src);
    }
    if (r.srcBig === v.src) out.add('src');
  }
  if (p.dport === r.vdport) out.add('dport');
  if (p.owner !== null) {
    if (p.owner.uid === r.vuid) out.add('uid');
    if (p.owner.gid === r.vgid) out.add('gid');
  }
  return out;
}

/**
 * Narrows the box by one rule test: the matches up to and including the first one that is not MATCH. Runs at every
 * rule test of every class, mostly as unoptimised code, where a for-of loop allocates an iterator result per step:
 * hence the indexed loops here and in the other per-test code of the partition.
 */
function narrowByRule(vars: WorkingVars, r: Reading, rule: CompiledRule, p: Packet): void {
  let symbolic: Set<SymbolicField> | null = null;
  const matches = rule.matches;
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i]!;
    const kind = matchKind(m);
    symbolic ??= carried(r, p);
    if (symbolic.size > 0) {
      const regions = kind.region(m as never, p, symbolic);
      for (let j = 0; j < regions.length; j++) narrowVar(vars, regions[j]!.field, regions[j]!.spans);
    }
    if ((kind.evaluate(m as never, p) as MatchResult) !== MATCH) break;
  }
}

/**
 * Narrows the box by one test of a whole run of same-target rules: its shared matches as a rule's (up to the first one
 * that is not MATCH), then, when the run's field is one the class varies, to the union of the run's sets (some rule
 * of the run matches first, and they share the target) or to the values outside it. Inside the union the connections
 * of the class match different rules of the run, all with the same target: the class's fate names the run
 * (fate.ts), and its trace the representative's own rule.
 */
function narrowByRun(vars: WorkingVars, r: Reading, run: RuleRun, p: Packet, position: number): boolean {
  const symbolic = carried(r, p);
  if (symbolic.size === 0) return false;
  for (const m of run.common) {
    const kind = matchKind(m);
    for (const x of kind.region(m as never, p, symbolic)) narrowVar(vars, x.field, x.spans);
    if ((kind.evaluate(m as never, p) as MatchResult) !== MATCH) return false;
  }
  if (matchKind(run.probe).region(run.probe as never, p, symbolic).length === 0) return false;
  narrowVar(vars, run.field, position >= 0 ? run.union : run.outside);
  return position >= 0;
}

/** Narrows the box to the world cells of every varying value the pod's code reads in the hop (cells.ts). */
function narrowByHop(vars: WorkingVars, v: Values, cells: Cells, hop: Hop, sameStory: boolean): void {
  const cell = (field: SymbolicField, value: bigint) => {
    if (v[field] === value) narrowVar(vars, field, cells.cellOf(field, value));
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
    if (v.dport === BigInt(n)) narrowVar(vars, 'dport', cells.portAmong(BigInt(n), named));
  };
  const l = hop.landed;
  // The listener lookup reads the port after NAT (a port it refuses is told apart only from the ports that listeners of
  // the hop's protocol have: cells.ts's refusedCell); a capture listener's follow-on reads the original destination's
  // port (the blackhole check, the Service lookup, the application's declared ports); leaving the pod names a
  // Service by address and port; loop detection compares the hops of one actor field by field.
  if (l.kind === 'listener') among(hop.dstAfterNat.port, cells.listenerPorts);
  if (l.kind === 'refused' && v.dport === BigInt(hop.dstAfterNat.port))
    narrowVar(vars, 'dport', cells.refusedCell(hop.protocol, v.dport));
  if (l.kind === 'listener' && (l.role === 'outbound-capture' || l.role === 'inbound-capture'))
    among(hop.dst.port, cells.capturePortsWith(l.listenerPort));
  if (l.kind === 'left-pod' && after !== undefined && cells.vipAddrs.includes(after))
    among(hop.dstAfterNat.port, cells.vipPorts);
  if (sameStory) {
    cell('dport', BigInt(hop.dst.port));
    cell('dport', BigInt(hop.dstAfterNat.port));
  }
}

/** Hops that loop detection may compare: two hops with the same actor, owner and protocol. */
function comparable(trace: Trace): Set<number> {
  const out = new Set<number>();
  if (trace.hops.length < 2) return out;
  const seen = new Map<string, number>();
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

export interface ExploreOptions {
  readonly observer?: ChainObserver;
  /** Test runs of same-target rules as one (model/kernel/runs.ts); false: rule by rule. */
  readonly runs: boolean;
}

export function explore(world: World, box: Box, cells: Cells, options: ExploreOptions): Explored {
  const { observer } = options;
  const values = representativeValues(world, box, cells);
  const connection = connectionOf(world, box, values);
  // simulate() decides on the connection itself before any packet exists (connect() to 0.0.0.0 reaches loopback,
  // multicast fails, the source address follows the destination, the actor follows the uid and gid): every varying
  // value but the port starts in its world cell.
  const vars: WorkingVars = { ...box.vars };
  for (const field in values) {
    if (field !== 'dport')
      narrowVar(vars, field as SymbolicField, cells.cellOf(field as SymbolicField, values[field as SymbolicField]!));
  }
  const r = reading(values);
  const runMatches: RunMatch[] = [];
  const trace = simulate(world, connection, {
    ...(observer ? { observer } : {}),
    onRule: (rule, p) => narrowByRule(vars, r, rule, p),
    ...(options.runs
      ? {
          onRun: (run: RuleRun, p: Packet, position: number, rules: readonly CompiledRule[]) => {
            if (narrowByRun(vars, r, run, p, position)) runMatches.push({ run, rules });
          },
        }
      : {}),
  });
  const loopCandidates = comparable(trace);
  for (let i = 0; i < trace.hops.length; i++) {
    const hop = trace.hops[i]!;
    narrowByHop(vars, values, cells, hop, loopCandidates.has(hop.n));
  }
  return { connection, values, trace, narrowed: { ...box, vars }, runMatches };
}
