// -m mark and -m connmark: (mark & mask) == value (net/netfilter/xt_mark.c, xt_connmark.c), on unsigned 32 bits.
import { bool, type MatchKindModule, neg } from '../match-kind.ts';

export const mark: MatchKindModule<'mark'> = {
  evaluate: (m, p) => bool(((p.mark & m.mask) >>> 0 === m.value >>> 0) !== m.negated),
  inline: (m) => neg(m.negated, `((p.mark & ${m.mask >>> 0}) >>> 0) === ${m.value >>> 0}`),
  cost: 3,
};

export const connmark: MatchKindModule<'connmark'> = {
  evaluate: (m, p) => bool(((p.ctmark & m.mask) >>> 0 === m.value >>> 0) !== m.negated),
  inline: (m) => neg(m.negated, `((p.ctmark & ${m.mask >>> 0}) >>> 0) === ${m.value >>> 0}`),
  cost: 3,
};
