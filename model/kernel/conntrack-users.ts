// Whether a family's rules switch conntrack on in the network namespace. Conntrack's hooks are registered per
// namespace and family only while something holds nf_ct_netns_get (net/netfilter/nf_conntrack_proto.c); without
// them no packet gets an entry, and nf_nat_inet_fn (nf_nat_core.c) lets every packet through nat untouched.
// The callers are the checkentry functions of extensions, so loading one rule that uses them is enough; each match
// and target kind declares whether it does, citing its extension (the `conntrack` field of its module in
// model/kinds). Measured on Linux 6.18 with both iptables backends: a nat DROP policy drops only with one of those
// loaded; MARK, mark, owner, multiport, comment, LOG, statistic, addrtype and `CT --notrack` leave it off.
import { conntrackUseOf, type ConntrackUse as KindUse, matchKind, targetKind } from '../kinds/index.ts';
import type { Match, Ruleset, Target } from '../rules/index.ts';

export type ConntrackUse = 'on' | 'off' | 'unknown';

const RULESET_USE: Readonly<Record<KindUse, ConntrackUse>> = { uses: 'on', 'does-not-use': 'off', unknown: 'unknown' };

const matchUse = (m: Match): ConntrackUse => RULESET_USE[conntrackUseOf(matchKind(m).conntrack, m)];
const targetUse = (t: Target): ConntrackUse => RULESET_USE[conntrackUseOf(targetKind(t).conntrack, t)];

/** 'on' when a rule certainly takes conntrack's reference; 'unknown' when only modules of unknown use could. */
export function conntrackUse(ruleset: Ruleset): ConntrackUse {
  let unknown = false;
  for (const table of ruleset.tables) {
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        for (const use of [...rule.matches.map(matchUse), targetUse(rule.target)]) {
          if (use === 'on') return 'on';
          if (use === 'unknown') unknown = true;
        }
      }
    }
  }
  return unknown ? 'unknown' : 'off';
}
