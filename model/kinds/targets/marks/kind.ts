// MARK and CONNMARK change the packet's mark or its connection's mark and let the traversal go on
// (net/netfilter/xt_mark.c mark_tg, xt_connmark.c connmark_tg_shift), all on unsigned 32-bit values.
import { appliesKind, noConstants, noMutants, type TargetKindModule, type WorkingPacket } from '../../target-kind.ts';
import { connmarkRestoreIptables, connmarkSaveIptables, connmarkSetIptables, markIptables } from './iptables.ts';

/** CONNMARK does nothing to a packet without a conntrack entry (connmark_tg_shift: "if (ct == NULL) return XT_CONTINUE"). */
const noEntry = (p: WorkingPacket): boolean => p.ctstate === 'INVALID' || p.ctstate === 'UNTRACKED';

export const mark: TargetKindModule<'mark'> = {
  continuing(t, p) {
    p.mark = ((p.mark & ~t.mask) ^ t.value) >>> 0;
  },
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  // xt_mark.c mark_tg has no checkentry (measured on Linux 6.18: MARK leaves conntrack off).
  conntrack: 'does-not-use',
  iptables: markIptables,
};

export const connmarkSet: TargetKindModule<'connmark-set'> = {
  continuing(t, p) {
    if (!noEntry(p)) p.ctmark = ((p.ctmark & ~t.mask) ^ t.value) >>> 0;
  },
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  // xt_connmark.c connmark_tg_check: nf_ct_netns_get.
  conntrack: 'uses',
  iptables: connmarkSetIptables,
};

export const connmarkSave: TargetKindModule<'connmark-save'> = {
  continuing(t, p) {
    if (!noEntry(p)) p.ctmark = ((p.ctmark & ~t.ctmask) ^ (p.mark & t.nfmask)) >>> 0;
  },
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  conntrack: 'uses',
  iptables: connmarkSaveIptables,
};

export const connmarkRestore: TargetKindModule<'connmark-restore'> = {
  continuing(t, p) {
    if (!noEntry(p)) p.mark = ((p.mark & ~t.nfmask) ^ (p.ctmark & t.ctmask)) >>> 0;
  },
  effect: false,
  purpose: appliesKind,
  constants: noConstants,
  mutants: noMutants,
  conntrack: 'uses',
  iptables: connmarkRestoreIptables,
};
