// No target (the rule only counts), and jumps (-j CHAIN, back here at the chain's end) and gotos (-g CHAIN, back to
// this chain's caller) to a user chain of the same table (ip_tables.c ipt_do_table, the jump stack).
import type { Target } from '../../../ruleset/index.ts';
import {
  appliesKind,
  noConstants,
  noMutants,
  type TargetEdit,
  type TargetKindModule,
  type TargetOf,
} from '../../target-kind.ts';

function retargets(t: TargetOf<'jump' | 'goto'>, userChains: readonly string[]): TargetEdit[] {
  const edit = (target: Target, what: string): TargetEdit => ({ kind: 'jump-target', what, target });
  return [
    ...userChains.filter((c) => c !== t.chain).map((c) => edit({ ...t, chain: c }, `jump ${t.chain} -> ${c}`)),
    edit({ kind: 'return' }, `jump ${t.chain} -> RETURN`),
  ];
}

export const none: TargetKindModule<'none'> = {
  continuing: null,
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  conntrack: 'does-not-use',
  iptables: { modules: {}, print: () => '' },
};

export const jump: TargetKindModule<'jump'> = {
  continuing: false,
  effect: false,
  purpose: (t) => `hands the matching traffic to ${t.chain}`,
  constants: noConstants,
  mutants: retargets,
  conntrack: 'does-not-use',
  iptables: { modules: {}, print: (t) => `-j ${t.chain}` },
};

export const goto: TargetKindModule<'goto'> = {
  continuing: false,
  effect: false,
  purpose: (t) => `hands the matching traffic to ${t.chain}`,
  constants: noConstants,
  mutants: retargets,
  conntrack: 'does-not-use',
  iptables: { modules: {}, print: (t) => `-g ${t.chain}` },
};
