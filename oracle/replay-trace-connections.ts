// The Connection behind every hop of a trace. A Hop records the socket's addresses but not whether it bound its
// source before connecting (Envoy's and pilot-agent's 127.0.0.6), and a replay must bind exactly where the model's
// connection did and nowhere else, or it would copy the model's source address choice instead of testing it.
// So the follow-on connections are rebuilt the way simulate() opens them (model/pod/simulate.ts): depth first, the
// receiver's followOns() per accepted hop, no expansion of a hop that repeats an earlier one on its path (a loop),
// and every rebuilt connection is checked against its hop.
import { formatAddr, isUnspecified, parseAddr } from '../model/net/index.ts';
import { type Connection, followOns, podListeners, type World } from '../model/pod/index.ts';
import type { Hop, Trace } from '../model/trace/index.ts';

export type HopConnections =
  | { readonly ok: true; readonly connections: readonly Connection[] }
  | { readonly ok: false; readonly reason: string };

/** simulate()'s loop key: the same actor opening the same socket to the same place again. */
function loopKey(hop: Hop): string {
  const o = hop.actor.owner;
  return `${hop.actor.id}|${o?.uid}/${o?.gid}|${hop.src.addr}|${hop.dst.addr}:${hop.dst.port}|${hop.protocol}`;
}

function canonical(addr: string): string {
  const a = parseAddr(addr);
  // connect() to 0.0.0.0 reaches the local host; simulate() records the loopback address as the hop's destination.
  return isUnspecified(a) ? (a.family === 'ipv4' ? '127.0.0.1' : '::1') : formatAddr(a);
}

function mismatch(c: Connection, hop: Hop): string | null {
  const owner = hop.actor.owner;
  if (c.from.kind === 'pod' && (owner?.uid !== c.from.uid || owner?.gid !== c.from.gid)) return 'owner';
  if (c.from.kind !== (hop.actor.where === 'pod' ? 'pod' : 'outside')) return 'actor';
  if (canonical(c.dst.addr) !== hop.dst.addr || c.dst.port !== hop.dst.port) return 'destination';
  // A hop the model drops before choosing a source (e.g. a multicast destination) has the source '-'.
  if (c.src !== undefined && hop.src.addr !== '-' && formatAddr(parseAddr(c.src)) !== hop.src.addr) {
    return 'bound source';
  }
  return c.protocol === hop.protocol ? null : 'protocol';
}

export function hopConnections(world: World, first: Connection, trace: Trace): HopConnections {
  const listeners = podListeners(world.pod);
  const out: Connection[] = [];
  const visit = (c: Connection, path: ReadonlySet<string>): void => {
    const hop = trace.hops[out.length];
    if (!hop) return; // the trace stopped here (simulate's hop bound)
    out.push(c);
    const key = loopKey(hop);
    if (path.has(key) || hop.landed.kind !== 'listener') return;
    const { listener: name, originalDst } = hop.landed;
    const listener = listeners.find((l) => l.name === name);
    if (!listener) return;
    const next = new Set(path).add(key);
    for (const f of followOns(world, { listener, originalDst, family: hop.family, request: c.request })) {
      visit(f.connection, next);
    }
  };
  visit(first, new Set());
  if (out.length !== trace.hops.length) {
    return { ok: false, reason: `rebuilt ${out.length} connections for a trace of ${trace.hops.length} hops` };
  }
  for (const [i, c] of out.entries()) {
    const wrong = mismatch(c, trace.hops[i]!);
    if (wrong) return { ok: false, reason: `the rebuilt connection of hop ${i + 1} differs from the hop in ${wrong}` };
  }
  return { ok: true, connections: out };
}
