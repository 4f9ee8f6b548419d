// The trace at the output boundary: addresses become their canonical text here and nowhere earlier. Field order is
// fixed (the JSON documents are compared byte for byte with golden files, and fields are only ever added), and
// traceFromJson reads such a document back into values, so a trace's JSON alone is enough to replay it. Tables are
// written as their label (tableLabel: `nat` for iptables' tables, `inet t` for nft's), as traces have always shown them.
import { type HookVisit, type RuleHit, type TableRef, tableLabel } from '../kernel/index.ts';
import { type Family, parseAddr } from '../net/index.ts';
import type { Connection, Initiator } from './connection.ts';
import { type HopConntrackJson, hopConntrackFromJson, hopConntrackJson } from './conntrack-json.ts';
import { type Endpoint, endpointJson, NO_ADDRESS, type SourceEndpoint } from './endpoint.ts';
import type { Disposition, Hop, HopReply, Landing, Trace } from './types.ts';

type Json<T> = T extends { readonly addr: unknown; readonly port: number }
  ? { addr: string; port: number }
  : T extends TableRef
    ? string
    : T extends readonly (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { -readonly [K in keyof T]: Json<T[K]> }
        : T;

export type EndpointJson = { addr: string; port: number };
export type InitiatorJson =
  | Json<Extract<Initiator, { kind: 'pod' }>>
  | { kind: 'outside'; actor: Extract<Initiator, { kind: 'outside' }>['actor']; addr?: string };
export type ConnectionJson = Omit<Json<Connection>, 'from' | 'src'> & { from: InitiatorJson; src?: string };
export type LandingJson = Json<Landing>;
export type DispositionJson = Json<Disposition>;
export type HopReplyJson = Omit<Json<HopReply>, 'conntrack'> & { conntrack: HopConntrackJson | null };
export type HopJson = Omit<Json<Hop>, 'connection' | 'landed' | 'conntrack' | 'reply'> & {
  landed: LandingJson;
  connection: ConnectionJson;
  conntrack?: HopConntrackJson;
  reply?: HopReplyJson;
};
export interface TraceJson {
  disposition: DispositionJson;
  hops: HopJson[];
}

export function initiatorJson(from: Initiator): InitiatorJson {
  if (from.kind === 'pod') {
    const { actor, uid, gid, groups } = from;
    return groups === undefined
      ? { kind: 'pod', actor, uid, gid }
      : { kind: 'pod', actor, uid, gid, groups: [...groups] };
  }
  return from.addr === undefined
    ? { kind: 'outside', actor: from.actor }
    : { kind: 'outside', actor: from.actor, addr: endpointJson({ addr: from.addr, port: 0 }).addr };
}

/** A connection as JSON: from, protocol, dst, then the optional src, sport and request. */
export function connectionJson(c: Connection): ConnectionJson {
  return {
    from: initiatorJson(c.from),
    protocol: c.protocol,
    dst: endpointJson(c.dst),
    ...(c.src !== undefined ? { src: endpointJson({ addr: c.src, port: 0 }).addr } : {}),
    ...(c.sport !== undefined ? { sport: c.sport } : {}),
    ...(c.request !== undefined ? { request: c.request } : {}),
  };
}

// Spreading keeps each object's own field order; the table takes its label in its place.
const hitJson = (h: RuleHit): HopJson['hits'][number] => ({ ...h, table: tableLabel(h.table) });
const hookJson = (v: HookVisit): HopJson['hooks'][number] => ({ ...v, tables: v.tables.map(tableLabel) });

function landingJson(l: Landing): LandingJson {
  switch (l.kind) {
    case 'listener':
      return {
        kind: l.kind,
        actor: l.actor,
        listener: l.listener,
        role: l.role,
        listenerPort: l.listenerPort,
        local: endpointJson(l.local),
        originalDst: endpointJson(l.originalDst),
      };
    case 'left-pod':
      return { kind: l.kind, iface: l.iface, to: l.to, dst: endpointJson(l.dst) };
    case 'refused':
      return { kind: l.kind, dst: endpointJson(l.dst), reason: l.reason };
    case 'dropped':
      return { kind: l.kind, reason: l.reason };
    case 'undetermined':
      return { kind: l.kind, reason: l.reason, at: l.at && hitJson(l.at) };
  }
}

function dispositionJson(d: Disposition): DispositionJson {
  switch (d.kind) {
    case 'delivered':
      return { kind: d.kind, to: d.to, listener: d.listener, port: d.port };
    case 'left-pod':
      return { kind: d.kind, to: d.to, dst: endpointJson(d.dst) };
    case 'refused':
      return { kind: d.kind, dst: endpointJson(d.dst) };
    case 'dropped':
      return { kind: d.kind, reason: d.reason };
    case 'loop':
      return { kind: d.kind, cycle: [...d.cycle], description: d.description };
    case 'undetermined':
      return { kind: d.kind, reason: d.reason, at: d.at && hitJson(d.at) };
  }
}

function ownerJson(o: Hop['actor']['owner']): HopJson['actor']['owner'] {
  if (o === null) return null;
  return o.groups === undefined ? { uid: o.uid, gid: o.gid } : { uid: o.uid, gid: o.gid, groups: [...o.groups] };
}

function hopJson(h: Hop): HopJson {
  return {
    n: h.n,
    parent: h.parent,
    relation: h.relation,
    cause: h.cause,
    actor: { id: h.actor.id, label: h.actor.label, where: h.actor.where, owner: ownerJson(h.actor.owner) },
    protocol: h.protocol,
    family: h.family,
    src: endpointJson(h.src),
    dst: endpointJson(h.dst),
    srcAfterNat: endpointJson(h.srcAfterNat),
    dstAfterNat: endpointJson(h.dstAfterNat),
    hits: h.hits.map(hitJson),
    hooks: h.hooks.map(hookJson),
    landed: landingJson(h.landed),
    connection: connectionJson(h.connection),
    // Only traces that follow replies have these two; other traces' JSON is as it always was.
    ...(h.conntrack ? { conntrack: hopConntrackJson(h.conntrack) } : {}),
    ...(h.reply ? { reply: replyJson(h.reply) } : {}),
  };
}

function replyJson(r: HopReply): HopReplyJson {
  return {
    actor: { id: r.actor.id, label: r.actor.label, where: r.actor.where, owner: ownerJson(r.actor.owner) },
    src: endpointJson(r.src),
    dst: endpointJson(r.dst),
    srcAfterNat: endpointJson(r.srcAfterNat),
    dstAfterNat: endpointJson(r.dstAfterNat),
    hits: r.hits.map(hitJson),
    hooks: r.hooks.map(hookJson),
    conntrack: r.conntrack && hopConntrackJson(r.conntrack),
    outcome: r.outcome,
    reason: r.reason,
  };
}

/** The trace as a plain JSON value with a fixed field order (the CLI's `trace` object). */
export function traceToJson(trace: Trace): TraceJson {
  return JSON.parse(
    JSON.stringify({ disposition: dispositionJson(trace.disposition), hops: trace.hops.map(hopJson) }),
  ) as TraceJson;
}

// Reading a trace document back: the inverse of traceToJson (a parse error is an AddressError naming the text).

const endpointOf = (e: EndpointJson): Endpoint => ({ addr: parseAddr(e.addr), port: e.port });
const sourceOf = (e: EndpointJson): SourceEndpoint => ({
  addr: e.addr === NO_ADDRESS ? null : parseAddr(e.addr),
  port: e.port,
});

export function connectionFromJson(c: ConnectionJson): Connection {
  const from: Initiator =
    c.from.kind === 'pod'
      ? c.from
      : {
          kind: 'outside',
          actor: c.from.actor,
          ...(c.from.addr !== undefined ? { addr: parseAddr(c.from.addr) } : {}),
        };
  return {
    from,
    protocol: c.protocol,
    dst: endpointOf(c.dst),
    ...(c.src !== undefined ? { src: parseAddr(c.src) } : {}),
    ...(c.sport !== undefined ? { sport: c.sport } : {}),
    ...(c.request !== undefined ? { request: c.request } : {}),
  };
}

/** The inverse of tableLabel: a bare name is iptables' table of the hop's family, else `family name`. */
function tableOf(label: string, family: Family): TableRef {
  const space = label.indexOf(' ');
  if (space < 0) return { family: family === 'ipv4' ? 'ip' : 'ip6', name: label };
  return { family: label.slice(0, space) as TableRef['family'], name: label.slice(space + 1) };
}

type HitJson = HopJson['hits'][number];
const hitOf = (h: HitJson, family: Family): RuleHit => ({ ...h, table: tableOf(h.table, family) });

function landingFromJson(l: LandingJson, family: Family): Landing {
  switch (l.kind) {
    case 'listener':
      return { ...l, local: endpointOf(l.local), originalDst: endpointOf(l.originalDst) };
    case 'left-pod':
    case 'refused':
      return { ...l, dst: endpointOf(l.dst) };
    case 'dropped':
      return l;
    case 'undetermined':
      return { ...l, at: l.at && hitOf(l.at, family) };
  }
}

/** `family` is the last hop's: an undetermined story ends at the hop that could not be decided. */
function dispositionFromJson(d: DispositionJson, family: Family): Disposition {
  if (d.kind === 'undetermined') return { ...d, at: d.at && hitOf(d.at, family) };
  return d.kind === 'left-pod' || d.kind === 'refused' ? { ...d, dst: endpointOf(d.dst) } : d;
}

function replyFromJson(r: HopReplyJson, h: HopJson): HopReply {
  const proto = h.protocol === 'tcp' ? 6 : 17;
  return {
    ...r,
    src: endpointOf(r.src),
    dst: endpointOf(r.dst),
    srcAfterNat: endpointOf(r.srcAfterNat),
    dstAfterNat: endpointOf(r.dstAfterNat),
    hits: r.hits.map((x) => hitOf(x, h.family)),
    hooks: r.hooks.map((v) => ({ ...v, tables: v.tables.map((x) => tableOf(x, h.family)) })),
    conntrack: r.conntrack && hopConntrackFromJson(r.conntrack, h.family, proto),
  };
}

export function traceFromJson(t: TraceJson): Trace {
  return {
    disposition: dispositionFromJson(t.disposition, t.hops.at(-1)?.family ?? 'ipv4'),
    hops: t.hops.map(({ conntrack, reply, ...h }) => ({
      ...h,
      ...(conntrack ? { conntrack: hopConntrackFromJson(conntrack, h.family, h.protocol === 'tcp' ? 6 : 17) } : {}),
      ...(reply ? { reply: replyFromJson(reply, { ...h, conntrack, reply }) } : {}),
      src: sourceOf(h.src),
      dst: endpointOf(h.dst),
      srcAfterNat: sourceOf(h.srcAfterNat),
      dstAfterNat: endpointOf(h.dstAfterNat),
      landed: landingFromJson(h.landed, h.family),
      connection: connectionFromJson(h.connection),
      hits: h.hits.map((x) => hitOf(x, h.family)),
      hooks: h.hooks.map((v) => ({ ...v, tables: v.tables.map((x) => tableOf(x, h.family)) })),
    })),
  };
}
