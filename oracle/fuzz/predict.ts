// What the model says a fuzz connection's first packet does: the rules it meets (hop 1 of simulate()), and the
// outcome the kernel should then show, read off the model's landing and the fuzz topology (who owns which address,
// which remote ports listen). Nothing here looks at the kernel.
import { type Addr, addrEquals, formatAddr, isLoopback, parseAddr } from '../../model/net/index.ts';
import { type Connection, makeWorld, podListeners, simulate, type World } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { loadRefusals, parseDump } from '../../model/rules/index.ts';
import type { IptablesBackend } from '../types.ts';
import type { FuzzCase, FuzzConnection } from './generate.ts';
import type { PodListener } from './session.ts';
import { FUZZ_TOPOLOGY, REMOTE_PORTS } from './topology.ts';
import type { TraceHit } from './trace-events.ts';

export type ExpectedOutcome =
  | { readonly kind: 'accepted'; readonly where: 'pod' | 'remote'; readonly listener: string; readonly local: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error' };

export type Prediction =
  | {
      readonly kind: 'expected';
      readonly hits: readonly TraceHit[];
      readonly outcome: ExpectedOutcome;
      /**
       * Why a later packet of the handshake (SYN-ACK, ACK, RST) may be lost on a path the model does not follow, or
       * null: then a kernel timeout where the model predicted an answer is undetermined, not a disagreement.
       */
      readonly laterPacketsMayBeLost: string | null;
    }
  | { readonly kind: 'undetermined'; readonly reason: string };

const ENVOY = findProfile('istio-1.25')!.envoy;

const LOADER = { nft: 'iptables-nft', legacy: 'iptables-legacy' } as const;

/**
 * The model's world for a case, or why the model says the backend refuses to load it: the parser's first error, else
 * the first of the checks the CLI reports as loadability (loadRefusals) that concerns this backend.
 */
export function modelWorld(c: FuzzCase, backend: IptablesBackend): { world: World } | { refused: string } {
  const parsed = parseDump(c.rules, { family: c.family });
  const error = parsed.issues.find((i) => i.severity === 'error');
  if (!parsed.value || error)
    return { refused: error ? `${error.line}:${error.column} ${error.code}: ${error.message}` : 'no value' };
  const refusal = loadRefusals(c.rules, parsed.value.rulesets).find((r) => r.backends.includes(LOADER[backend]));
  if (refusal) return { refused: `${refusal.line}:${refusal.column} ${refusal.code}: ${refusal.message}` };
  const rs = parsed.value.rulesets.find((r) => r.family === c.family) ?? parsed.value.rulesets[0]!;
  return { world: makeWorld({ rulesets: { [c.family]: rs }, envoy: ENVOY }) };
}

/** The pod's listeners as the model has them, for the session to start (Envoy and pilot-agent 1337, the app 1000). */
export function listenersOf(world: World): PodListener[] {
  return podListeners(world.pod)
    .filter((l) => l.protocol === 'tcp')
    .flatMap((l) => {
      // Fuzz worlds name no DNS servers, so no stub resolver (the only listener bound to one address) is in them.
      const bind = l.bind;
      return bind === 'any' || bind === 'loopback' ? [{ ...l, bind }] : [];
    })
    .map((l) => ({
      name: l.name,
      port: l.port,
      bind: l.bind,
      uid: l.actor === 'app' ? world.pod.app.uid : world.pod.proxy.uid,
      gid: l.actor === 'app' ? world.pod.app.gid : world.pod.proxy.gid,
    }));
}

// The fuzz case's addresses are text (they go to the kernel as such); the model takes them as values.
function modelConnection(c: FuzzConnection, sport: number): Connection {
  const from: Connection['from'] =
    c.from.kind === 'pod'
      ? {
          kind: 'pod',
          actor: 'process',
          uid: c.from.uid,
          gid: c.from.gid,
          ...(c.from.groups ? { groups: c.from.groups } : {}),
        }
      : { kind: 'outside', actor: 'remote', addr: parseAddr(c.from.addr) };
  const dst = { addr: parseAddr(c.dst), port: c.dport };
  return { from, protocol: 'tcp', dst, sport, ...(c.src ? { src: parseAddr(c.src) } : {}) };
}

const same = (a: Addr | null, b: string) => a !== null && addrEquals(a, parseAddr(b));

/**
 * Whether a raw or mangle chain of the case drops TCP (a DROP policy, or a `-j DROP` rule not limited to UDP or to
 * NEW connections). Those
 * tables see every packet of a connection, so a handshake the model lets through on its first packet may still time
 * out on its reply; nat sees only the first packet (nf_nat_core.c, nf_nat_inet_fn), so its DROP policy cannot.
 */
export function laterPacketsMayDrop(rules: string): boolean {
  let table = '';
  for (const raw of rules.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) table = line.slice(1);
    if (table !== 'raw' && table !== 'mangle') continue;
    if (/^:\S+ DROP\b/.test(line)) return true;
    // Later packets are replies or ESTABLISHED (or INVALID when the SYN was not tracked), never NEW.
    const onlyFirst = / -p udp\b/.test(line) || / -m conntrack --ctstate NEW -j DROP$/.test(line);
    if (line.startsWith('-A ') && / -j DROP$/.test(line) && !onlyFirst) return true;
    // An untracked reply is not de-NATed (nf_nat_core.c works on the conntrack entry), so the socket never sees it.
    if (line.startsWith('-A ') && / -j CT --notrack$/.test(line) && !/ -p udp\b/.test(line)) return true;
  }
  return false;
}

export function predict(
  world: World,
  family: 'ipv4' | 'ipv6',
  c: FuzzConnection,
  sport: number,
  laterMayDrop = false,
): Prediction {
  const result = predictFirstPacket(world, family, c, sport);
  if (result.kind !== 'expected') return result;
  const { replyLost, ...rest } = result;
  const lost = replyLost ?? (laterMayDrop ? 'a DROP or CT --notrack in raw or mangle may meet a later packet' : null);
  return { ...rest, laterPacketsMayBeLost: lost };
}

type FirstPacket =
  | {
      readonly kind: 'expected';
      readonly hits: readonly TraceHit[];
      readonly outcome: ExpectedOutcome;
      readonly replyLost?: string;
    }
  | { readonly kind: 'undetermined'; readonly reason: string };

function predictFirstPacket(world: World, family: 'ipv4' | 'ipv6', c: FuzzConnection, sport: number): FirstPacket {
  const trace = simulate(world, modelConnection(c, sport), { maxHops: 1 });
  const hop = trace.hops[0]!;
  // The kernel's trace names a table without its family, as iptables does (one family per fuzz ruleset).
  const hits = hop.hits.map((h) => ({ table: h.table.name, chain: h.chain, index: h.index, kind: h.kind }));
  const landed = hop.landed;
  const t = FUZZ_TOPOLOGY[family];
  switch (landed.kind) {
    case 'undetermined':
      return { kind: 'undetermined', reason: landed.reason };
    case 'listener':
      return {
        kind: 'expected',
        hits,
        outcome: {
          kind: 'accepted',
          where: 'pod',
          listener: landed.listener,
          local: `${formatAddr(landed.local.addr)}:${landed.local.port}`,
        },
      };
    case 'refused':
      return { kind: 'expected', hits, outcome: { kind: 'refused' } };
    case 'dropped':
      return {
        kind: 'expected',
        hits,
        outcome: landed.reason.startsWith('connect()') ? { kind: 'error' } : { kind: 'timeout' },
      };
    case 'left-pod': {
      // The remote answers only a SYN to an address it owns, from the pod's own address (where its reply can go).
      const owned = [...t.remoteLinkAddrs, ...t.serviceVips].some((a) => same(landed.dst.addr, a));
      const fromPod = same(hop.srcAfterNat.addr, t.podAddr);
      // A loopback-sourced SYN that leaves (IPv6 allows it) and is SNAT-ed to the pod's address gets its answer, but
      // the answer (accept or reset) is de-NAT-ed to a loopback destination arriving on eth0: whether the socket sees
      // it is the reply's path, which the model does not follow (the kernel was seen to lose it).
      const src = hop.src.addr;
      const replyLost =
        owned && fromPod && src !== null && isLoopback(src)
          ? `the SYN left from ${formatAddr(src)}, SNAT-ed to the pod's address, and the answer is de-NAT-ed to a loopback destination arriving on eth0`
          : undefined;
      if (replyLost) {
        const outcome: ExpectedOutcome = REMOTE_PORTS.includes(landed.dst.port)
          ? {
              kind: 'accepted',
              where: 'remote',
              listener: `remote :${landed.dst.port}`,
              local: `${formatAddr(landed.dst.addr)}:${landed.dst.port}`,
            }
          : { kind: 'refused' };
        return { kind: 'expected', hits, outcome, replyLost };
      }
      if (!owned || !fromPod) return { kind: 'expected', hits, outcome: { kind: 'timeout' } };
      if (!REMOTE_PORTS.includes(landed.dst.port)) return { kind: 'expected', hits, outcome: { kind: 'refused' } };
      return {
        kind: 'expected',
        hits,
        outcome: {
          kind: 'accepted',
          where: 'remote',
          listener: `remote :${landed.dst.port}`,
          local: `${formatAddr(landed.dst.addr)}:${landed.dst.port}`,
        },
      };
    }
  }
}
