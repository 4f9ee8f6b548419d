// CT, LOG/NFLOG/TRACE and targets the model does not evaluate. CT --notrack in raw leaves the connection untracked,
// so nat never sees it (net/netfilter/xt_CT.c); LOG and friends only observe. An unsupported target makes a
// traversal that reaches it undetermined (model/kernel/traverse.ts).
import { appliesKind, noConstants, noMutants, type TargetKindModule } from '../../target-kind.ts';
import { ctIptables, logIptables, unsupportedIptables } from './iptables.ts';

export const ct: TargetKindModule<'ct'> = {
  continuing(t, p) {
    if (t.notrack) p.ctstate = 'UNTRACKED';
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
