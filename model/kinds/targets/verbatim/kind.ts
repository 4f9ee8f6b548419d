// CT, LOG/NFLOG/TRACE and targets the model does not evaluate. CT attaches a conntrack template to a packet that has
// no conntrack yet (net/netfilter/xt_CT.c, xt_ct_target: "if (skb->_nfct != 0) return XT_CONTINUE"), so the first CT
// rule a packet meets before conntrack's hook wins and a CT rule after it does nothing: --notrack leaves the packet
// untracked (nat never sees it); --zone N makes conntrack's lookup and new entry use zone N (nf_conntrack_in).
// LOG and friends only observe. An unsupported target makes a
// traversal that reaches it undetermined (model/kernel/traverse.ts).
import { appliesKind, noConstants, noMutants, type TargetKindModule } from '../../target-kind.ts';
import { ctIptables, logIptables, unsupportedIptables } from './iptables.ts';

export const ct: TargetKindModule<'ct'> = {
  continuing(t, p) {
    // Only a packet with no conntrack yet (xt_CT.c: "Previously seen (loopback)? Ignore."). In the model a packet
    // without an entry has ctstate INVALID (before conntrack's hook, or when the hook could not create one) and one
    // with a template has ctZone: a packet looped back through lo keeps the entry it got at OUTPUT, an UNTRACKED
    // packet stays untracked and the first CT rule's template wins.
    if (p.ctstate !== 'INVALID' || p.ctZone !== undefined) return;
    if (t.notrack) p.ctstate = 'UNTRACKED';
    else p.ctZone = t.zoneUnmodelled ? 'unmodelled' : (t.zone ?? 0);
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
