// Small predicates the invariants' scopes are built from.

import { type RuleHit, sameTable } from '../kernel/index.ts';
import { type Addr, addrEquals, cidrContains, isLoopback, isSpecial } from '../net/index.ts';
import { type Connection, isPodAddr, isProxyGid, isProxyUid, podListeners, type World } from '../pod/index.ts';
import type { Rule } from '../rules/index.ts';
import type { InvariantContext } from './types.ts';

/** A pod process whose uid is one of the proxy uids and whose gid is one of the proxy gids (Envoy, pilot-agent). */
export function isProxyIdentity(c: Connection, world: World): boolean {
  return c.from.kind === 'pod' && isProxyUid(world.pod, c.from.uid) && isProxyGid(world.pod, c.from.gid);
}

/** A pod process with a proxy uid or a proxy gid: what istio-iptables' owner rules exempt. */
export function hasProxyId(c: Connection, world: World): boolean {
  return c.from.kind === 'pod' && (isProxyUid(world.pod, c.from.uid) || isProxyGid(world.pod, c.from.gid));
}

/** A pod process with none of the proxy's uids and gids: an application as the rules see it. */
export function isAppIdentity(c: Connection, world: World): boolean {
  return c.from.kind === 'pod' && !hasProxyId(c, world);
}

export function dstAddr(c: Connection): Addr {
  return c.dst.addr;
}

export function toPodIp(c: Connection, world: World): boolean {
  return isPodAddr(world.pod, dstAddr(c));
}

/** A unicast address outside the pod (not loopback, unspecified, multicast or broadcast). */
export function isUnicastRemote(c: Connection, world: World): boolean {
  const a = dstAddr(c);
  return !isLoopback(a) && !isPodAddr(world.pod, a) && !isSpecial(a);
}

/** The ports the sidecar serves for metrics and health: 15090, 15020, and 15021 where Envoy serves it. */
export function metricsPorts(world: World): number[] {
  const served = new Set(podListeners(world.pod).map((l) => l.port));
  return [15090, 15020, 15021].filter((p) => served.has(p));
}

export function selfServiceVip(c: Connection, world: World): boolean {
  return world.services.some(
    (s) =>
      s.vip.port === c.dst.port &&
      addrEquals(s.vip.addr, dstAddr(c)) &&
      s.endpoints.some((e) => isPodAddr(world.pod, e.addr)),
  );
}

const ISTIOD_PORTS: readonly number[] = [15010, 15012, 15014, 15017];
/** istiodAddresses per world: a check asks it of every connection it checks. */
const istiodCache = new WeakMap<World, readonly IstiodAddress[]>();

export interface IstiodAddress {
  readonly addr: Addr;
  readonly ports: readonly number[];
}

export function istiodAddresses(world: World): readonly IstiodAddress[] {
  let found = istiodCache.get(world);
  if (found === undefined) {
    const ports = ISTIOD_PORTS;
    found = [
      ...world.services.filter((s) => s.name === 'istiod').map((s) => ({ addr: s.vip.addr, ports })),
      ...world.outside.filter((o) => o.id === 'istiod').map((o) => ({ addr: o.addr, ports })),
    ];
    istiodCache.set(world, found);
  }
  return found;
}

/**
 * Whether the intent captures this connection outbound: not an excluded port or CIDR (-o, -x), the process in a
 * captured owner group (ISTIO_OUTBOUND_OWNER_GROUPS), and an included port (-q) or CIDR (-i); the order of
 * capture/run.go, where the exclusions come before both captures.
 */
export function capturedOutbound(c: Connection, ctx: InvariantContext): boolean {
  const { intent } = ctx;
  const a = dstAddr(c);
  if (intent.outboundExcludedPorts.includes(c.dst.port)) return false;
  if (intent.outboundExcludedCidrs.some((x) => cidrContains(x, a))) return false;
  if (c.from.kind === 'pod' && !inCapturedGroup(c.from.gid, intent)) return false;
  if (intent.outboundIncludedPorts.includes(c.dst.port)) return true;
  return intent.outboundCidrs === 'all' || intent.outboundCidrs.some((x) => cidrContains(x, a));
}

/**
 * Whether istio-iptables' DNS capture takes this TCP connection to pilot-agent's proxy on 15053 before any outbound
 * CIDR rule sees it: a query to port 53 of a server the capture names (capture-all-dns: any). In capture/run.go
 * (istio/istio 86c9f01, Run) the jump to ISTIO_OUTPUT_DNS is appended after the -o port exclusions, the proxy's
 * owner rules and the owner-group RETURNs (handleCaptureByOwnerGroup) but before the -x CIDR exclusions and the -q and -i captures (SetupDNSRedir writes the TCP REDIRECTs),
 * so an excluded port 53 or group still wins and an excluded or non-included CIDR does not. UDP never meets 15001.
 */
export function dnsCaptureClaims(c: Connection, ctx: InvariantContext): boolean {
  const { intent } = ctx;
  if (!intent.dnsCapture || c.protocol !== 'tcp' || c.dst.port !== 53) return false;
  if (intent.outboundExcludedPorts.includes(53)) return false;
  if (c.from.kind === 'pod' && !inCapturedGroup(c.from.gid, intent)) return false;
  const captured = intent.dnsCaptured;
  return captured === 'all' || captured.some((x) => cidrContains(x, c.dst.addr));
}

/** Istio's owner-group rules (`-m owner --gid-owner G`, no --suppl-groups) test the process's gid only. */
export function inCapturedGroup(gid: number, intent: InvariantContext['intent']): boolean {
  const g = intent.ownerGroups;
  if (g.exclude.includes(gid)) return false;
  return g.include === 'all' || g.include.includes(gid);
}

export function capturedInbound(port: number, ctx: InvariantContext): boolean {
  const { intent } = ctx;
  if (intent.inboundExcludedPorts.includes(port)) return false;
  return intent.inboundPorts === 'all' || intent.inboundPorts.includes(port);
}

export function ruleAt(ctx: InvariantContext, hit: RuleHit): Rule | undefined {
  const rs = ctx.world.pod.rulesets[ctx.family];
  return rs?.tables.find((t) => sameTable(t, hit.table))?.chains.find((c) => c.name === hit.chain)?.rules[
    hit.index - 1
  ];
}

/** A RETURN whose only condition is the proxy's own uid: "rule 4" of the classic ISTIO_OUTPUT (rule 3 in 1.4). */
export function isProxyOwnerReturn(rule: Rule | undefined, world: World): boolean {
  if (rule?.target.kind !== 'return') return false;
  const conditions = rule.matches.filter((m) => m.kind !== 'comment');
  if (conditions.length !== 1) return false;
  const m = conditions[0]!;
  if (m.kind !== 'owner' || m.socketExists) return false;
  const hits = (c: { range: { from: number; to: number }; negated: boolean } | undefined, id: number) =>
    c !== undefined && !c.negated && c.range.from <= id && id <= c.range.to;
  return world.pod.proxyIds.uids.some((uid) => hits(m.uid, uid)) && !m.gid;
}
