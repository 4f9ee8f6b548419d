// REDIRECT, DNAT, SNAT and MASQUERADE set up the connection's NAT binding and end the nat chain
// (net/netfilter/nf_nat_redirect.c, xt_nat.c, xt_MASQUERADE.c); the binding each asks for is effect.ts.
import { appliesKind, noConstants, noMutants, type TargetKindModule } from '../../target-kind.ts';
import { dnatEffect, masqueradeEffect, redirectEffect, snatEffect } from './effect.ts';
import { dnatIptables, masqueradeIptables, redirectIptables, snatIptables } from './iptables.ts';

export const redirect: TargetKindModule<'redirect'> = {
  continuing: false,
  effect: redirectEffect,
  purpose: (t) => `redirects the matching traffic to local port ${t.toPorts?.from ?? '(same port)'}`,
  constants(t, sink) {
    if (t.toPorts) sink.port(t.toPorts.from);
  },
  mutants: (t) =>
    t.toPorts
      ? [
          {
            kind: 'port',
            what: `--to-ports ${t.toPorts.from} -> ${t.toPorts.from + 1}`,
            target: { ...t, toPorts: { from: t.toPorts.from + 1, to: t.toPorts.to + 1 } },
          },
        ]
      : [],
  // xt_REDIRECT.c redirect_tg4_check: nf_ct_netns_get.
  conntrack: 'uses',
  iptables: redirectIptables,
};

export const dnat: TargetKindModule<'dnat'> = {
  continuing: false,
  effect: dnatEffect,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  // xt_nat.c xt_nat_checkentry: nf_ct_netns_get.
  conntrack: 'uses',
  iptables: dnatIptables,
};

export const snat: TargetKindModule<'snat'> = {
  continuing: false,
  effect: snatEffect,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  // xt_nat.c xt_nat_checkentry: nf_ct_netns_get.
  conntrack: 'uses',
  iptables: snatIptables,
};

export const masquerade: TargetKindModule<'masquerade'> = {
  continuing: false,
  effect: masqueradeEffect,
  purpose: appliesKind,
  constants(t, sink) {
    if (t.toPorts) sink.port(t.toPorts.from);
  },
  mutants: noMutants,
  // xt_MASQUERADE.c masquerade_tg_check: nf_ct_netns_get.
  conntrack: 'uses',
  iptables: masqueradeIptables,
};
