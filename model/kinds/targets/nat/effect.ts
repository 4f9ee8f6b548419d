// The bindings REDIRECT, DNAT, SNAT and MASQUERADE ask nat for, on a connection's first packet
// (net/netfilter/nf_nat_redirect.c, xt_nat.c, nf_nat_masquerade.c); the port a range gives is ports.ts.
import { type Addr, type Family, loopbackOf } from '../../../net/index.ts';
import type { Packet, Range } from '../../../ruleset/index.ts';
import type { EffectResult, NatEffect, TargetEffect } from '../../target-kind.ts';
import { mappedPort } from './ports.ts';

export const redirectEffect: TargetEffect<'redirect'> = {
  apply(t, hook, p, host): EffectResult {
    const port = mappedPort('dst', p.dport, t.toPorts, t.random);
    if ('unpredictable' in port) return { undetermined: port.unpredictable };
    // nf_nat_redirect_ipv4/6: OUTPUT goes to loopback; PREROUTING to the incoming interface's primary address,
    // and the packet is dropped when that interface has none.
    // (nf_nat_redirect uses INADDR_LOOPBACK / in6addr_loopback in OUTPUT, whatever the host's lo carries.)
    const toAddr = hook === 'OUTPUT' ? loopbackOf(p.family) : host.primaryAddress(p.inIface, p.family);
    if (!toAddr) return { drop: `REDIRECT: interface ${p.inIface ?? '?'} has no address` };
    return { effect: { kind: 'dnat', target: 'REDIRECT', toAddr, toPort: port.port } };
  },
  // `REDIRECT --to-ports P` (one port) in OUTPUT: loopback and P, whatever the packet.
  constant(t, hook) {
    if (hook !== 'OUTPUT' || !t.toPorts || t.toPorts.from !== t.toPorts.to) return null;
    const toPort = t.toPorts.from;
    const to = (family: Family): NatEffect => ({
      kind: 'dnat',
      target: 'REDIRECT',
      toAddr: loopbackOf(family),
      toPort,
    });
    return { ipv4: to('ipv4'), ipv6: to('ipv6') };
  },
};

export const dnatEffect: TargetEffect<'dnat'> = {
  apply(t, _hook, p): EffectResult {
    const port = mappedPort('dst', p.dport, t.toPorts, false);
    if ('unpredictable' in port) return { undetermined: port.unpredictable };
    return { effect: { kind: 'dnat', target: 'DNAT', toAddr: t.toAddr ?? p.dst, toPort: port.port } };
  },
  constant: () => null,
};

function sourceEffect(
  target: 'SNAT' | 'MASQUERADE',
  toAddr: Addr | null | 'undetermined',
  t: { readonly toPorts?: Range },
  p: Packet,
): EffectResult {
  if (toAddr === 'undetermined')
    return { undetermined: `MASQUERADE's source address on ${p.outIface ?? '?'} is not modelled` };
  if (!toAddr) return { drop: `${target}: interface ${p.outIface ?? '?'} has no address` };
  const port = mappedPort('src', p.sport, t.toPorts, false);
  if ('unpredictable' in port) return { undetermined: port.unpredictable };
  return { effect: { kind: 'snat', target, toAddr, toPort: port.port } };
}

export const snatEffect: TargetEffect<'snat'> = {
  apply: (t, _hook, p, host) => sourceEffect('SNAT', t.toAddr ?? host.primaryAddress(p.outIface, p.family), t, p),
  constant: () => null,
};

export const masqueradeEffect: TargetEffect<'masquerade'> = {
  apply: (t, _hook, p, host) => sourceEffect('MASQUERADE', host.masqueradeSource(p.outIface, p.dst), t, p),
  constant: () => null,
};
