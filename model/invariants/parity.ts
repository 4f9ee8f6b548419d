// The dual-stack parity invariant. istio-iptables writes one capture for both families on a dual-stack pod: from 1.12
// the same steps of capture/run.go (istio/istio 86c9f01, tools/istio-iptables/pkg/capture/run.go) append every rule
// to iptables and ip6tables alike, with each family's own loopback and passthrough addresses, and the native nftables
// backend writes one inet table for both. A connection and its twin in the other family (twin.ts) therefore meet the
// same fate, unless the configuration itself treats the families apart: -x, -i and the DNS servers are lists of CIDRs
// and addresses of one family each, so what falls in them is out of this invariant's scope.
import { addrEquals, cidrContains } from '../net/index.ts';
import { type Connection, simulate, type World } from '../pod/index.ts';
import { describeDisposition, endpointText, type Hop, mainChain, type Trace } from '../trace/index.ts';
import { lands } from './redirect.ts';
import { familyCidrs, roleOf, twinConnection } from './twin.ts';
import type { CheckResult, InvariantContext, InvariantSpec } from './types.ts';

const DNS = 53;
const NAME = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;

const isInet = ({ world, family }: InvariantContext): boolean =>
  world.pod.rulesets[family]?.tables.some((t) => t.family === 'inet') ?? false;

function notApplicable(ctx: InvariantContext): string | null {
  const { intent, twin, family } = ctx;
  if (intent.ipv6 === false) {
    return 'the configuration does not enable IPv6 (ENABLE_INBOUND_IPV6 is false): istio-iptables writes no IPv6 capture to match the IPv4 one';
  }
  if (!twin) {
    const other = NAME[family === 'ipv4' ? 'ipv6' : 'ipv4'];
    return `only the ${NAME[family]} rules are checked (the input has no ${other} rules, or --family chose one): parity compares the two families`;
  }
  if (intent.ipv6 === null && isInet(ctx)) {
    return 'the rules are one inet table serving both families, and no configuration says whether IPv6 is on (ENABLE_INBOUND_IPV6): give it (--config, --istio-args) to check the parity';
  }
  // A configuration that captures nothing still asks both families for the same: nothing captured in either.
  return null;
}

/** The twin, or null where the connection has none or the configuration treats its addresses per family. */
function twinOf(c: Connection, ctx: InvariantContext): Connection | null {
  const { twin, intent } = ctx;
  if (!twin) return null;
  const other = twinConnection(ctx.world, c, twin.intent);
  if (!other) return null;
  const named = (conn: Connection, cidrs: ReturnType<typeof familyCidrs>) =>
    [conn.dst.addr, conn.src, conn.from.kind === 'outside' ? conn.from.addr : undefined].some(
      (a) => a !== undefined && cidrs.some((x) => cidrContains(x, a)),
    );
  if (named(c, familyCidrs(intent)) || named(other, familyCidrs(twin.intent))) return null;
  // DNS capture follows each family's resolv.conf servers (DNS_SERVERS_V4, DNS_SERVERS_V6): on in one family only,
  // port 53 is that family's own.
  if (c.dst.port === DNS && intent.dnsCapture !== twin.intent.dnsCapture) return null;
  return other;
}

/** A hop's fate with each address named by its part (roleOf): what must be the same in both families. */
function hopFate(world: World, h: Hop): string {
  const l = h.landed;
  const landed =
    l.kind === 'listener'
      ? `${l.role}/${l.actor}:${l.listenerPort}@${roleOf(world, l.local.addr)}:${l.local.port}`
      : l.kind === 'left-pod'
        ? `out@${roleOf(world, l.dst.addr)}:${l.dst.port}`
        : l.kind;
  const reply = h.reply ? ` reply ${h.reply.outcome}` : '';
  return `${h.relation} ${h.actor.id}>${roleOf(world, h.dst.addr)}:${h.dst.port}=${landed}${reply}`;
}

/**
 * The trace's hops with addresses named by their part, up to a query pilot-agent's DNS proxy (or the stub resolver)
 * forwards to a resolv.conf server: the servers are the configuration's per family (DNS_SERVERS_V4, DNS_SERVERS_V6),
 * a loopback stub in one family and a remote server in the other, so from there on the families may part by design.
 */
function fateOf(world: World, t: Trace): string {
  const cut = new Set<number>();
  const hops = t.hops.flatMap((h) => {
    if (cut.has(h.parent)) {
      cut.add(h.n);
      return [];
    }
    if (h.relation !== 'start' && world.pod.dnsServers.some((d) => addrEquals(d, h.dst.addr))) {
      cut.add(h.n);
      return [`${h.relation} ${h.actor.id}>resolv.conf:${h.dst.port}`];
    }
    return [hopFate(world, h)];
  });
  const end = cut.size > 0 ? 'forwarded to a resolv.conf server' : t.disposition.kind;
  return `${hops.join(' | ')} => ${end}`;
}

function story(t: Trace): string {
  const first = t.hops[0];
  const to = first ? endpointText(first.dst) : '';
  return `${to}: ${mainChain(t).map(lands).join(' -> ')} (${describeDisposition(t.disposition)})`;
}

function check(trace: Trace, c: Connection, ctx: InvariantContext): CheckResult {
  const other = twinOf(c, ctx)!;
  const twinTrace = simulate(ctx.world, other);
  const undetermined = [trace, twinTrace].find((t) => t.disposition.kind === 'undetermined');
  if (undetermined) return { ok: 'undetermined', why: describeDisposition(undetermined.disposition) };
  if (fateOf(ctx.world, trace) === fateOf(ctx.world, twinTrace)) return { ok: true };
  const twinName = NAME[ctx.twin!.family];
  return {
    ok: false,
    why: `its ${twinName} twin goes otherwise: ${NAME[ctx.family]} ${story(trace)}; ${twinName} ${story(twinTrace)}`,
  };
}

export const PARITY_INVARIANTS = {
  'dual-stack-parity': {
    statement:
      'On a dual-stack pod, every connection meets the same fate as its twin in the other family: captured or not, through the same listeners and Envoy ports, to the same end.',
    scope:
      "connections from every actor, in either family, whose addresses each play a part the other family mirrors (the pod's address, loopback, Envoy's passthrough source ::6 as a source, the unspecified address, the same outside actor or Service, any other remote address), except in the CIDRs and DNS servers the configuration names for one family only (-x, -i, resolv.conf), which have no twin",
    notApplicable,
    inScope: (c, ctx) => twinOf(c, ctx) !== null,
    check,
  },
} satisfies Record<string, InvariantSpec>;
