// What targets do to a packet: marks change it in place; NAT, REDIRECT and TPROXY end the table with an effect
// (net/netfilter/nf_nat_redirect.c, xt_TPROXY.c, xt_MARK.c, xt_CONNMARK.c).
import { applyContinuing, type ContinuingTarget } from '../kinds/index.ts';
import { loopbackOf } from '../net/index.ts';
import type { BuiltinChainName } from '../rules/index.ts';
import type { CompiledRule } from './compile.ts';
import { mappedPort } from './nat-ports.ts';
import type { Packet } from './packet.ts';
import { ACCEPT, type HostView, type NatEffect, type TableOutcome, type WorkingPacket } from './traversal-types.ts';

/** REDIRECT --to-ports P (one port) in OUTPUT always yields the same effect per family: built once per rule. */
const outputRedirects = new WeakMap<CompiledRule, Record<Packet['family'], NatEffect>>();

export function outputRedirectEffects(rule: CompiledRule): Record<Packet['family'], NatEffect> | null {
  const t = rule.target;
  if (t.kind !== 'redirect' || !t.toPorts || t.toPorts.from !== t.toPorts.to) return null;
  let effects = outputRedirects.get(rule);
  if (!effects) {
    const toPort = t.toPorts.from;
    effects = {
      ipv4: { kind: 'dnat', target: 'REDIRECT', toAddr: loopbackOf('ipv4'), toPort },
      ipv6: { kind: 'dnat', target: 'REDIRECT', toAddr: loopbackOf('ipv6'), toPort },
    };
    outputRedirects.set(rule, effects);
  }
  return effects;
}

export function undeterminedAt(rule: CompiledRule): TableOutcome {
  const m = rule.matches.find((x) => x.kind === 'unsupported' || x.kind === 'conntrack');
  return {
    kind: 'undetermined',
    at: rule.hit,
    reason: `the rule's other matches hold, and whether \`${m?.kind === 'unsupported' ? m.text : (m?.kind ?? '?')}\` matches is not modelled`,
  };
}

/** A continuing target's work on the packet, by its kind's module (model/kinds). */
export function applyMarks(rule: CompiledRule, p: WorkingPacket): void {
  applyContinuing(rule.target as ContinuingTarget, p);
}

export function applyEffect(p: WorkingPacket, e: NatEffect): void {
  if (e.kind === 'dnat') {
    p.dst = e.toAddr;
    p.dport = e.toPort;
  } else if (e.kind === 'snat') {
    p.src = e.toAddr;
    p.sport = e.toPort;
  } else if (e.mark) p.mark = ((p.mark & ~e.mark.mask) ^ e.mark.value) >>> 0;
}

export function applyTerminal(
  rule: CompiledRule,
  hook: BuiltinChainName,
  p: WorkingPacket,
  host: HostView,
  effects: NatEffect[],
): TableOutcome {
  const t = rule.target;
  if (t.kind === 'redirect' || t.kind === 'dnat') {
    const port = mappedPort('dst', p.dport, t.toPorts, t.kind === 'redirect' ? t.random : false);
    if ('unpredictable' in port) return { kind: 'undetermined', at: rule.hit, reason: port.unpredictable };
    if (t.kind === 'dnat') {
      effects.push({ kind: 'dnat', target: 'DNAT', toAddr: t.toAddr ?? p.dst, toPort: port.port });
      return ACCEPT;
    }
    // nf_nat_redirect_ipv4/6: OUTPUT goes to loopback; PREROUTING to the incoming interface's primary address,
    // and the packet is dropped when that interface has none.
    // (nf_nat_redirect uses INADDR_LOOPBACK / in6addr_loopback in OUTPUT, whatever the host's lo carries.)
    const toAddr = hook === 'OUTPUT' ? loopbackOf(p.family) : host.primaryAddress(p.inIface, p.family);
    if (!toAddr) return { kind: 'drop', reason: `REDIRECT: interface ${p.inIface ?? '?'} has no address` };
    const fixed = hook === 'OUTPUT' ? outputRedirectEffects(rule) : null;
    effects.push(fixed ? fixed[p.family] : { kind: 'dnat', target: 'REDIRECT', toAddr, toPort: port.port });
    return ACCEPT;
  }
  if (t.kind === 'snat' || t.kind === 'masquerade') {
    const toAddr =
      t.kind === 'snat'
        ? (t.toAddr ?? host.primaryAddress(p.outIface, p.family))
        : host.masqueradeSource(p.outIface, p.dst);
    if (toAddr === 'undetermined')
      return {
        kind: 'undetermined',
        at: rule.hit,
        reason: `MASQUERADE's source address on ${p.outIface ?? '?'} is not modelled`,
      };
    if (!toAddr)
      return { kind: 'drop', reason: `${t.kind.toUpperCase()}: interface ${p.outIface ?? '?'} has no address` };
    const port = mappedPort('src', p.sport, t.toPorts, false);
    if ('unpredictable' in port) return { kind: 'undetermined', at: rule.hit, reason: port.unpredictable };
    effects.push({ kind: 'snat', target: t.kind === 'snat' ? 'SNAT' : 'MASQUERADE', toAddr, toPort: port.port });
    return ACCEPT;
  }
  if (t.kind === 'tproxy') {
    // xt_TPROXY tproxy_tg4: local address is --on-ip, else the incoming interface's primary address, else the
    // packet's destination; without a transparent listener there the packet is dropped.
    const localAddr = t.onIp ?? host.primaryAddress(p.inIface, p.family) ?? p.dst;
    const port = t.onPort === 0 ? p.dport : t.onPort;
    if (!host.tproxyListener(localAddr, port, p)) {
      if (t.nft) {
        return {
          kind: 'undetermined',
          at: rule.hit,
          reason: `nft tproxy: no transparent listener on port ${port}, so the rule ends and the chain goes on (nft_tproxy.c, NFT_BREAK), which is not modelled yet`,
        };
      }
      return { kind: 'drop', reason: `TPROXY: no transparent listener on port ${port}` };
    }
    effects.push({ kind: 'tproxy', localAddr, port, ...(t.mark ? { mark: t.mark } : {}) });
    return ACCEPT;
  }
  throw new Error(`not a terminal NAT target: ${t.kind}`);
}
