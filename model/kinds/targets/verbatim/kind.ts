// CT, LOG/NFLOG/TRACE and targets the model does not evaluate. CT --notrack in raw leaves the connection untracked,
// so nat never sees it (net/netfilter/xt_CT.c); LOG and friends only observe. An unsupported target makes a
// traversal that reaches it undetermined (model/kernel/traverse.ts).
import { appliesKind, noConstants, noMutants, type TargetKindModule } from '../../target-kind.ts';
import { ctIptables, logIptables, unsupportedIptables } from './iptables.ts';

export const ct: TargetKindModule<'ct'> = {
  continuing(t, p) {
    // Only a packet with no entry yet: one looped back through lo keeps the entry it got at OUTPUT (xt_CT.c,
    // notrack_tg: "Previously seen (loopback)? Ignore."); in the model a packet without an entry has ctstate INVALID.
    if (t.notrack && p.ctstate === 'INVALID') p.ctstate = 'UNTRACKED';
  },
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  iptables: ctIptables,
};

export const log: TargetKindModule<'log'> = {
  continuing: null,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  iptables: logIptables,
};

export const unsupported: TargetKindModule<'unsupported'> = {
  continuing: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  iptables: unsupportedIptables,
};
