// CT, LOG/NFLOG/TRACE and targets the model does not evaluate. CT attaches a conntrack template to a packet that has
// no conntrack yet (net/netfilter/xt_CT.c, xt_ct_target: "if (skb->_nfct != 0) return XT_CONTINUE"), so the first CT
// rule a packet meets before conntrack's hook wins and a CT rule after it does nothing: --notrack leaves the packet
// untracked (nat never sees it); --zone N makes conntrack's lookup and new entry use zone N (nf_conntrack_in).
// LOG and friends only observe. An unsupported target makes a
// traversal that reaches it undetermined (model/kernel/traverse.ts).
import type { ConntrackUse } from '../../conntrack-use.ts';
import { appliesKind, noConstants, noMutants, type TargetKindModule, type TargetOf } from '../../target-kind.ts';
import { ctIptables, logIptables, unsupportedIptables } from './iptables.ts';

/**
 * The `-j` targets kept verbatim whose checkentry takes conntrack's reference (nf_ct_netns_get): xt_NETMAP.c,
 * xt_CONNSECMARK.c, xt_SYNPROXY.c, and the modelled kinds' targets in a form the model keeps verbatim (xt_nat.c for
 * SNAT and DNAT, xt_REDIRECT.c, xt_MASQUERADE.c, xt_connmark.c, xt_CT.c).
 */
const USER_TARGETS: ReadonlySet<string> = new Set([
  'SNAT',
  'DNAT',
  'REDIRECT',
  'MASQUERADE',
  'NETMAP',
  'CONNMARK',
  'CT',
  'CONNSECMARK',
  'SYNPROXY',
]);
/** Those that do not (measured on Linux 6.18 with both iptables backends for LOG, MARK and TPROXY's kind). */
const NON_USER_TARGETS: ReadonlySet<string> = new Set([
  'LOG',
  'NFLOG',
  'TRACE',
  'MARK',
  'ACCEPT',
  'DROP',
  'RETURN',
  'REJECT',
  'TPROXY',
]);

/** A verbatim target's use of conntrack, by its name; 'unknown' for a target not listed. */
export function verbatimTargetConntrack(t: TargetOf<'unsupported'>): ConntrackUse {
  if (USER_TARGETS.has(t.name)) return 'uses';
  return NON_USER_TARGETS.has(t.name) ? 'does-not-use' : 'unknown';
}

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
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  // xt_CT.c xt_ct_tg_check: `--notrack` returns before nf_ct_netns_get; every other CT takes it.
  conntrack: (t) => (t.notrack ? 'does-not-use' : 'uses'),
  iptables: ctIptables,
};

export const log: TargetKindModule<'log'> = {
  continuing: null,
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  // xt_LOG.c, xt_NFLOG.c, xt_TRACE.c take no conntrack reference (measured on Linux 6.18).
  conntrack: 'does-not-use',
  iptables: logIptables,
};

export const unsupported: TargetKindModule<'unsupported'> = {
  continuing: false,
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  conntrack: verbatimTargetConntrack,
  iptables: unsupportedIptables,
};
