// Matches that decide nothing: a comment always matches; a match the model does not evaluate is UNKNOWN, so a
// traversal that reaches it is undetermined instead of guessing.
import type { ConntrackUse } from '../../conntrack-use.ts';
import { MATCH, type MatchKindModule, type MatchOf, UNKNOWN } from '../../match-kind.ts';
import { commentIptables, unsupportedIptables } from './iptables.ts';

/**
 * The `-m` modules (and nft expression families) kept verbatim whose checkentry takes conntrack's reference
 * (nf_ct_netns_get): xt_helper.c, xt_connbytes.c, xt_connlimit.c, xt_connlabel.c, xt_cluster.c, and the modelled
 * kinds' modules in a form the model keeps verbatim (xt_conntrack.c, xt_state.c, xt_connmark.c); nft's ct
 * expressions take it when loaded (net/netfilter/nft_ct.c, nft_ct_get_init).
 */
const USER_MODULES: ReadonlySet<string> = new Set([
  'conntrack',
  'state',
  'connmark',
  'helper',
  'connbytes',
  'connlimit',
  'connlabel',
  'cluster',
  'nft ct',
]);
/**
 * Those that do not (measured on Linux 6.18 with both iptables backends for statistic, addrtype, comment, mark,
 * multiport and owner); nft's payload and meta expressions (nft_payload.c, nft_meta.c) do not either.
 */
const NON_USER_MODULES: ReadonlySet<string> = new Set([
  'statistic',
  'addrtype',
  'comment',
  'mark',
  'multiport',
  'tcp',
  'udp',
  'owner',
  'nft payload',
  'nft meta',
]);

/** A verbatim match's use of conntrack, by its module's name; 'unknown' for a module not listed. */
export function verbatimMatchConntrack(m: MatchOf<'unsupported'>): ConntrackUse {
  if (USER_MODULES.has(m.module)) return 'uses';
  return NON_USER_MODULES.has(m.module) ? 'does-not-use' : 'unknown';
}

export const comment: MatchKindModule<'comment'> = {
  evaluate: () => MATCH,
  inline: () => 'true',
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 0,
  explain: (m) => `(comment: ${m.text})`,
  constants: () => {},
  mutants: () => [],
  // xt_comment.c: no checkentry at all.
  conntrack: 'does-not-use',
  iptables: commentIptables,
};

export const unsupported: MatchKindModule<'unsupported'> = {
  evaluate: () => UNKNOWN,
  inline: () => null,
  // Reads only fields that are the same for a whole class (model/kinds/region.ts).
  region: () => [],
  cost: 5,
  explain: (m) => `\`${m.text}\` (not modelled)`,
  constants: () => {},
  mutants: () => [],
  conntrack: verbatimMatchConntrack,
  iptables: unsupportedIptables,
};
