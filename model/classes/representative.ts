// The simplest connection of a box: the values a reader recognises first (the pod's own addresses and identities,
// the application's and well-known ports), else the least value from a plain floor up. It is the class's witness in
// check's counterexamples and in diff's side-by-side traces.
import type { SymbolicField } from '../kinds/index.ts';
import { type Addr, addrToBig, bigToAddr, type Family, formatAddr, parseAddr } from '../net/index.ts';
import type { Connection, World } from '../pod/index.ts';
import type { Box } from './box.ts';
import type { Cells } from './cells.ts';
import { contains, firstFrom, type IntervalSet } from './interval-set.ts';

export type Values = Readonly<Partial<Record<SymbolicField, bigint>>>;

const FLOOR: Readonly<Record<Family, string>> = { ipv4: '1.0.0.1', ipv6: '2001:db8::1' };
const COMMON_PORTS = [53, 80, 443];

/** The addresses a reader recognises, most familiar first: a remote pod, the pod's own, loopback, Services, others. */
function familiarAddrs(world: World, family: Family): Addr[] {
  const ofFamily = (a: Addr) => a.family === family;
  const outside = world.outside.map((o) => o.addr).filter(ofFamily);
  return [
    ...outside.slice(0, 1),
    ...world.pod.addresses.filter(ofFamily),
    parseAddr(family === 'ipv4' ? '127.0.0.1' : '::1'),
    ...world.services.map((s) => s.vip.addr).filter(ofFamily),
    ...outside,
  ];
}

/** The ports a reader recognises, most familiar first: the application's, then the listeners' and Istio's. */
function familiarPorts(world: World, cells: Cells): bigint[] {
  return [...world.pod.app.ports.map(BigInt), ...cells.named.port, ...COMMON_PORTS.map(BigInt)];
}

/**
 * Sorts connections simplest first, as the old domain enumeration ordered them: TCP before UDP, the proxy's and the
 * application's identities before others, no bound source first, familiar addresses and ports first, pod processes
 * before outside senders. The first violation found in this order is the readable counterexample.
 */
export function simplestFirst(world: World, cells: Cells, family: Family, cs: readonly Connection[]): Connection[] {
  // Ranks by first position in each list. An address is looked up by its one word when IPv4 (no text per class).
  const addrKey = (a: Addr): number | string => (a.words.length === 1 ? a.words[0]! >>> 0 : formatAddr(a));
  const firstIndex = <T>(list: readonly T[]) => {
    const m = new Map<T, number>();
    list.forEach((x, i) => {
      if (!m.has(x)) m.set(x, i);
    });
    return m;
  };
  const addrs = familiarAddrs(world, family).map(addrKey);
  const addrRank = firstIndex(addrs);
  const ports = familiarPorts(world, cells).map(Number);
  const portRank = firstIndex(ports);
  const { proxy, app } = world.pod;
  const identity = (c: Connection) =>
    c.from.kind === 'pod'
      ? c.from.uid === proxy.uid && c.from.gid === proxy.gid
        ? 0
        : c.from.uid === app.uid && c.from.gid === app.gid
          ? 1
          : 2
      : 0;
  // The key's fields, most significant first, packed into one number (mixed radix: each field's value count); the
  // input order breaks ties. Sorting numbers, not arrays, matters at thousands of candidates.
  const addrCount = addrs.length + 1;
  const portCount = ports.length + 1;
  const key = (c: Connection): number => {
    let k = c.protocol === 'tcp' ? 0 : 1;
    k = k * 2 + (c.from.kind === 'pod' ? 0 : 1);
    k = k * 3 + identity(c);
    k = k * 2 + (c.src === undefined ? 0 : 1);
    k = k * addrCount + (addrRank.get(addrKey(c.dst.addr)) ?? addrs.length);
    return k * portCount + (portRank.get(c.dst.port) ?? ports.length);
  };
  // The keys are small integers (at most 24 x addrCount x portCount): a counting sort, stable, so ties keep the
  // input order; a comparison sort of thousands of candidates cost more than everything else here.
  const keys = cs.map(key);
  const starts = new Array<number>(24 * addrCount * portCount + 1).fill(0);
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++;
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
  const out = new Array<Connection>(cs.length);
  for (let i = 0; i < cs.length; i++) out[starts[keys[i]!]!++] = cs[i]!;
  return out;
}

function pick(set: IntervalSet, preferred: readonly bigint[], floor: bigint): bigint {
  for (let i = 0; i < preferred.length; i++) if (contains(set, preferred[i]!)) return preferred[i]!;
  const v = firstFrom(set, floor);
  if (v === undefined) throw new Error('a representative of an empty set');
  return v;
}

/** The preferred values of each field, most familiar first, for one world and family (asked once per class). */
interface Preferences {
  readonly dst: readonly bigint[];
  readonly src: ReadonlyMap<string, readonly bigint[]>;
  readonly srcOther: readonly bigint[];
  readonly port: readonly bigint[];
  /** The application's, the proxy's and pilot-agent's uids, in that order. */
  readonly uid: readonly bigint[];
  readonly floor: bigint;
}

const preferenceCache = new WeakMap<Cells, Preferences>();

function preferences(world: World, family: Family, cells: Cells): Preferences {
  let p = preferenceCache.get(cells);
  if (p === undefined) {
    const familiar = familiarAddrs(world, family).map(addrToBig);
    const src = new Map<string, bigint[]>();
    for (const o of world.outside) {
      if (o.addr.family === family && !src.has(o.id)) src.set(o.id, [addrToBig(o.addr), ...cells.named.addr]);
    }
    p = {
      dst: [...familiar, ...cells.named.addr],
      src,
      srcOther: cells.named.addr,
      port: familiarPorts(world, cells),
      uid: [world.pod.app.uid, world.pod.proxy.uid, world.pod.agent.uid].map(BigInt),
      floor: addrToBig(parseAddr(FLOOR[family])),
    };
    preferenceCache.set(cells, p);
  }
  return p;
}

export function representativeValues(world: World, box: Box, cells: Cells): Values {
  const { pod } = world;
  const out: Partial<Record<SymbolicField, bigint>> = {};
  const prefer = preferences(world, box.family, cells);
  const vars = box.vars;
  for (const field in vars) {
    const set = vars[field as SymbolicField]!;
    switch (field as SymbolicField) {
      case 'dst':
        out.dst = pick(set, prefer.dst, prefer.floor);
        break;
      case 'src': {
        const actor = box.initiator.kind === 'outside' ? prefer.src.get(box.initiator.actor) : undefined;
        out.src = pick(set, actor ?? prefer.srcOther, prefer.floor);
        break;
      }
      case 'dport':
        out.dport = pick(set, prefer.port, 1n);
        break;
      case 'uid':
        out.uid = pick(set, prefer.uid, 0n);
        break;
      case 'gid': {
        // The gid that goes with the chosen uid first, so the representative is a real identity when it can be.
        const byUid =
          out.uid === BigInt(pod.proxy.uid)
            ? pod.proxy.gid
            : out.uid === BigInt(pod.agent.uid)
              ? pod.agent.gid
              : pod.app.gid;
        out.gid = pick(set, [BigInt(byUid), BigInt(pod.app.gid), BigInt(pod.proxy.gid), BigInt(pod.agent.gid)], 0n);
        break;
      }
    }
  }
  return out;
}

/** Which pod actor a uid/gid pair is: the proxy's and the application's identities have names. */
function podActor(world: World, uid: number, gid: number): 'envoy' | 'app' | 'pilot-agent' | 'process' {
  const { pod } = world;
  if (uid === pod.proxy.uid && gid === pod.proxy.gid) return 'envoy';
  if (uid === pod.app.uid && gid === pod.app.gid) return 'app';
  return 'process';
}

/** The connection a box's values describe. */
export function connectionOf(world: World, box: Box, v: Values): Connection {
  const text = (n: bigint | undefined) => bigToAddr(box.family, n ?? 0n);
  const dst = { addr: text(v.dst), port: Number(v.dport ?? 0n) };
  if (box.initiator.kind === 'outside') {
    return { from: { kind: 'outside', actor: box.initiator.actor, addr: text(v.src) }, protocol: box.protocol, dst };
  }
  const uid = Number(v.uid ?? 0n);
  const gid = Number(v.gid ?? 0n);
  const from = { kind: 'pod', actor: podActor(world, uid, gid), uid, gid } as const;
  const bind = box.initiator.bind;
  return { from, protocol: box.protocol, dst, ...(bind !== undefined ? { src: bind } : {}) };
}
