// The partition of a pod world's connection space into packet classes, by exploring boxes: take a box, narrow it to
// its representative's decisions (explore.ts), keep that as a class, and put the rest of the box (a few disjoint
// boxes, box.ts) back on the work list. Only rules that some class reaches cost anything: an unreferenced chain is
// never tested, so it never splits a box.

import { type ChainObserver, positionsWithin, type RuleHit } from '../kernel/index.ts';
import { fieldMax } from '../kinds/index.ts';
import type { Family } from '../net/index.ts';
import { addrToBig, cidrBounds, parseCidr } from '../net/index.ts';
import { type Connection, inboundSource, type World } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import { type Box, isEmptyBox, subtractBox } from './box.ts';
import { worldCells } from './cells.ts';
import { explore } from './explore.ts';
import { type IntervalSet, normalise, span, subtract } from './interval-set.ts';

export interface PacketClass {
  readonly box: Box;
  /** The simplest connection of the class, and its trace: every connection of the class has its fate. */
  readonly representative: Connection;
  readonly trace: Trace;
}

export interface ClassAnalysis {
  readonly family: Family;
  readonly classes: readonly PacketClass[];
  /** Set when the partition stopped before covering the space: the classes are then a sample, and this says why. */
  readonly sampled: string | null;
  /**
   * The hits of the rules of runs of same-target rules that some class's connections match first, beyond its
   * representative's own (a class matches a run as one test, explore.ts): what the dead-rule lint counts as reached.
   */
  readonly runHits: ReadonlySet<RuleHit>;
}

/** The fields a class analysis varies, in words (for "proved over N classes (fields: ...)"). */
export const CLASS_FIELDS = [
  'address family',
  'protocol (tcp, udp)',
  'initiator (a pod process by uid and gid, or each outside actor by source address)',
  'bound source (none or the inbound source 127.0.0.6/::6)',
  'destination address',
  'destination port',
] as const;

export const DEFAULT_MAX_CLASSES = 200_000;

/** The whole connection space of one family, as the boxes the partition starts from. */
export function initialBoxes(world: World, family: Family): Box[] {
  const all = (f: 'dst' | 'src' | 'uid') => span(0n, fieldMax(f, family));
  const ports = span(1n, 65535n);
  const ids = span(0n, 0xfffffffen);
  const boxes: Box[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const bind of [undefined, inboundSource(family)]) {
      boxes.push({
        family,
        protocol,
        initiator: { kind: 'pod', bind },
        vars: { dst: all('dst'), dport: ports, uid: ids, gid: ids },
      });
    }
    // Outside the pod, the network delivers to the pod only its own addresses: the destinations of connections from
    // outside are the pod's addresses of the family. Their sources are the unicast addresses outside the pod: a
    // packet arriving on eth0 from a loopback, unspecified, multicast or reserved address, or from the pod's own
    // address, is a martian that no sender outside can open a connection from (ip_route_input_slow drops it).
    const own = world.pod.addresses.filter((a) => a.family === family).map(addrToBig);
    if (own.length === 0) continue;
    const actors = [...new Set(world.outside.filter((o) => o.addr.family === family).map((o) => o.id))];
    for (const actor of actors) {
      boxes.push({
        family,
        protocol,
        initiator: { kind: 'outside', actor },
        vars: { src: outsideSources(family, own), dst: normalise(own.map((a) => ({ from: a, to: a }))), dport: ports },
      });
    }
  }
  return boxes;
}

export interface PartitionOptions {
  readonly maxClasses?: number;
  /** Sees every chain entry of every representative's hops (the dead-rule lint's reachability). */
  readonly observer?: ChainObserver;
  /** The boxes to split (default: the whole space, initialBoxes); diff refines one ruleset's classes by the other's. */
  readonly boxes?: readonly Box[];
  /**
   * Whether a run of same-target rules (model/kernel/runs.ts) is one test, so classes do not multiply by its length
   * (default true). diff keeps rule-by-rule classes: it compares the rule each connection exits by, by its text.
   */
  readonly runs?: boolean;
}

const MARTIAN_SOURCES: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['0.0.0.0/8', '127.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4'],
  ipv6: ['::/128', '::1/128', 'ff00::/8'],
};

function outsideSources(family: Family, own: readonly bigint[]): IntervalSet {
  const martian = [
    ...MARTIAN_SOURCES[family].map((c) => cidrBounds(parseCidr(c))),
    ...own.map((a) => ({ from: a, to: a })),
  ];
  return subtract(span(0n, fieldMax('src', family)), normalise(martian));
}

export function partition(world: World, family: Family, options: PartitionOptions = {}): ClassAnalysis {
  return { family, ...partitionEach(world, family, options, (k) => k) };
}

/**
 * The partition, keeping of each class only what `keep` makes of it: a check reads each class's trace once, as the
 * class is found, and keeps a few answers instead of thousands of traces (whose survival made most of its GC time).
 */
export function partitionEach<T>(
  world: World,
  family: Family,
  options: PartitionOptions,
  keep: (k: PacketClass) => T,
): { readonly classes: T[]; readonly sampled: string | null; readonly runHits: ReadonlySet<RuleHit> } {
  const maxClasses = options.maxClasses ?? DEFAULT_MAX_CLASSES;
  const cells = worldCells(world, family);
  const work = [...(options.boxes ?? initialBoxes(world, family))].reverse();
  const classes: T[] = [];
  const runHits = new Set<RuleHit>();
  const explored = { ...(options.observer ? { observer: options.observer } : {}), runs: options.runs ?? true };
  while (work.length > 0) {
    if (classes.length >= maxClasses) {
      return { classes, sampled: `the partition was stopped at ${maxClasses} classes`, runHits };
    }
    const box = work.pop()!;
    if (isEmptyBox(box)) continue;
    const { connection, trace, narrowed, runMatches } = explore(world, box, cells, explored);
    classes.push(keep({ box: narrowed, representative: connection, trace }));
    for (let i = 0; i < runMatches.length; i++) {
      const { run, rules } = runMatches[i]!;
      const values = narrowed.vars[run.field];
      if (values !== undefined) for (const k of positionsWithin(run, values)) runHits.add(rules[k]!.hit);
    }
    const rest = subtractBox(box, narrowed);
    for (let i = rest.length - 1; i >= 0; i--) work.push(rest[i]!);
  }
  return { classes, sampled: null, runHits };
}
