// -m mark and -m connmark: (mark & mask) == value (net/netfilter/xt_mark.c, xt_connmark.c), on unsigned 32 bits.
import { notText } from '../../constants.ts';
import { bool, type MatchKindModule, NO_MATCH, neg, negationEdit } from '../../match-kind.ts';
import { connmarkIptables, markIptables } from './iptables.ts';

export const mark: MatchKindModule<'mark'> = {
  evaluate: (m, p) => bool(((p.mark & m.mask) >>> 0 === m.value >>> 0) !== m.negated),
  inline: (m) => neg(m.negated, `((p.mark & ${m.mask >>> 0}) >>> 0) === ${m.value >>> 0}`),
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 3,
  explain: (m) => `its mark is ${notText(m.negated)}0x${m.value.toString(16)}/0x${m.mask.toString(16)}`,
  constants: () => {},
  mutants: (m) => [negationEdit(m, 'mark')],
  // xt_mark.c takes no conntrack reference (measured on Linux 6.18).
  conntrack: 'does-not-use',
  iptables: markIptables,
};

// xt_connmark.c connmark_mt: "if (ct == NULL) return false", whatever the negation (nft's ct mark likewise).
export const connmark: MatchKindModule<'connmark'> = {
  evaluate(m, p) {
    if (p.ctstate === 'INVALID' || p.ctstate === 'UNTRACKED') return NO_MATCH;
    return bool(((p.ctmark & m.mask) >>> 0 === m.value >>> 0) !== m.negated);
  },
  inline: (m) =>
    `(p.ctstate !== 'INVALID' && p.ctstate !== 'UNTRACKED' && ${neg(m.negated, `((p.ctmark & ${m.mask >>> 0}) >>> 0) === ${m.value >>> 0}`)})`,
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 3,
  explain: (m) => `its connection mark is ${notText(m.negated)}0x${m.value.toString(16)}/0x${m.mask.toString(16)}`,
  constants: () => {},
  mutants: (m) => [negationEdit(m, 'connmark')],
  // xt_connmark.c connmark_mt_check: nf_ct_netns_get.
  conntrack: 'uses',
  iptables: connmarkIptables,
};
