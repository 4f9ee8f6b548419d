// ACCEPT, DROP, REJECT end the packet's walk of this base chain; RETURN goes back to the calling chain
// (net/ipv4/netfilter/ip_tables.c ipt_do_table: XT_RETURN). The traversal applies them (model/kernel/traverse.ts).
import { appliesKind, noConstants, noMutants, type TargetKindModule } from '../../target-kind.ts';
import { acceptIptables, dropIptables, rejectIptables, returnIptables } from './iptables.ts';

export const accept: TargetKindModule<'accept'> = {
  continuing: false,
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  conntrack: 'does-not-use',
  iptables: acceptIptables,
};

export const drop: TargetKindModule<'drop'> = {
  continuing: false,
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  conntrack: 'does-not-use',
  iptables: dropIptables,
};

export const reject: TargetKindModule<'reject'> = {
  continuing: false,
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  // ipt_REJECT.c / ip6t_REJECT.c take no conntrack reference.
  conntrack: 'does-not-use',
  iptables: rejectIptables,
};

export const returnKind: TargetKindModule<'return'> = {
  continuing: false,
  effect: false,
  purpose: () => 'exempts the matching traffic from the rest of the chain',
  constants: noConstants,
  mutants: (_t, userChains) =>
    userChains.map((c) => ({ kind: 'jump-target', what: `RETURN -> jump ${c}`, target: { kind: 'jump', chain: c } })),
  conntrack: 'does-not-use',
  iptables: returnIptables,
};
