// Whether a family's rules switch conntrack on in the network namespace. Conntrack's hooks are registered per
// namespace and family only while something holds nf_ct_netns_get (net/netfilter/nf_conntrack_proto.c); without
// them no packet gets an entry, and nf_nat_inet_fn (nf_nat_core.c) lets every packet through nat untouched.
// The callers are the checkentry functions of these extensions, so loading one rule that uses them is enough:
// xt_nat.c (SNAT, DNAT), xt_REDIRECT.c, xt_MASQUERADE.c, xt_NETMAP.c, xt_connmark.c (CONNMARK and -m connmark),
// xt_conntrack.c, xt_state.c, xt_CT.c (but not `CT --notrack`, which returns before taking the reference),
// xt_helper.c, xt_connbytes.c, xt_connlimit.c, xt_connlabel.c, xt_cluster.c, xt_CONNSECMARK.c, xt_SYNPROXY.c.
// Measured on Linux 6.18 with both iptables backends: a nat DROP policy drops only with one of those loaded; MARK,
// mark, owner, multiport, comment, LOG, statistic, addrtype and `CT --notrack` leave it off.
import type { Match, Ruleset, Target } from '../rules/index.ts';

export type ConntrackUse = 'on' | 'off' | 'unknown';

const USER_MODULES = new Set([
  'conntrack',
  'state',
  'connmark',
  'helper',
  'connbytes',
  'connlimit',
  'connlabel',
  'cluster',
  // nft's ct expressions take conntrack's reference when loaded (net/netfilter/nft_ct.c, nft_ct_get_init).
  'nft ct',
]);
const NON_USER_MODULES = new Set([
  'statistic',
  'addrtype',
  'comment',
  'mark',
  'multiport',
  'tcp',
  'udp',
  'owner',
  // nft's payload and meta expressions (nft_payload.c, nft_meta.c) do not.
  'nft payload',
  'nft meta',
]);
const USER_TARGETS = new Set([
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
const NON_USER_TARGETS = new Set(['LOG', 'NFLOG', 'TRACE', 'MARK', 'ACCEPT', 'DROP', 'RETURN', 'REJECT', 'TPROXY']);

function matchUse(m: Match): ConntrackUse {
  if (m.kind === 'conntrack' || m.kind === 'connmark') return 'on';
  if (m.kind !== 'unsupported') return 'off';
  if (USER_MODULES.has(m.module)) return 'on';
  return NON_USER_MODULES.has(m.module) ? 'off' : 'unknown';
}

function targetUse(t: Target): ConntrackUse {
  switch (t.kind) {
    case 'redirect':
    case 'dnat':
    case 'snat':
    case 'masquerade':
    case 'connmark-set':
    case 'connmark-save':
    case 'connmark-restore':
      return 'on';
    case 'ct':
      return t.notrack ? 'off' : 'on';
    case 'unsupported':
      if (USER_TARGETS.has(t.name)) return 'on';
      return NON_USER_TARGETS.has(t.name) ? 'off' : 'unknown';
    default:
      return 'off';
  }
}

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
