// -m owner (net/netfilter/xt_owner.c, owner_mt, revision 1).
import type { OwnerCriterion } from '../../../ruleset/index.ts';
import { edges, notText, rangeText } from '../../constants.ts';
import { bool, MATCH, type MatchEdit, type MatchKindModule, type MatchOf, NO_MATCH, neg } from '../../match-kind.ts';
import { type FieldRegion, rangeSpan, sameSideOf } from '../../region.ts';
import { ownerIptables } from './iptables.ts';

/**
 * xt_owner without a full socket: the match is true only when every criterion given is negated
 * ((info->match ^ info->invert) == 0). So `! --uid-owner 1337` matches a socketless packet and `--uid-owner 1337`
 * does not. (iptables-nft's native `meta skuid != 1337` does NOT match without a socket; this is the xt_owner
 * behaviour, which iptables-legacy and the xt compat path have; an owner match read from nft carries `nft` and never
 * matches without a socket, net/netfilter/nft_meta.c.) The one place this rule is written.
 */
export function ownerWithoutSocket(m: MatchOf<'owner'>): boolean {
  if (m.nft) return false;
  return [m.uid, m.gid, m.socketExists].every((c) => c === undefined || c.negated);
}

const oneRange = (r: OwnerCriterion['range']) => [rangeSpan(r)];

const idMatches = (c: OwnerCriterion, id: number): boolean => (id >= c.range.from && id <= c.range.to) !== c.negated;

export const owner: MatchKindModule<'owner'> = {
  evaluate(m, p) {
    if (p.owner === null) return bool(ownerWithoutSocket(m));
    if (m.socketExists?.negated) return NO_MATCH;
    if (m.uid && !idMatches(m.uid, p.owner.uid)) return NO_MATCH;
    if (m.gid) {
      let inGroup = p.owner.gid >= m.gid.range.from && p.owner.gid <= m.gid.range.to;
      if (!inGroup && m.supplGroups) {
        inGroup = (p.owner.groups ?? []).some((g) => g >= m.gid!.range.from && g <= m.gid!.range.to);
      }
      if (inGroup === m.gid.negated) return NO_MATCH;
    }
    return MATCH;
  },
  inline(m) {
    if (m.supplGroups || m.socketExists) return null;
    const checks: string[] = [];
    if (m.uid)
      checks.push(neg(m.uid.negated, `p.owner.uid >= ${m.uid.range.from} && p.owner.uid <= ${m.uid.range.to}`));
    if (m.gid)
      checks.push(neg(m.gid.negated, `p.owner.gid >= ${m.gid.range.from} && p.owner.gid <= ${m.gid.range.to}`));
    return `(p.owner === null ? ${ownerWithoutSocket(m)} : (${checks.join(' && ') || 'true'}))`;
  },
  region(m, p, symbolic) {
    // evaluate's tests in its order: the first that fails decides, so only the tests up to it constrain the class.
    if (p.owner === null || m.socketExists?.negated) return [];
    const out: FieldRegion[] = [];
    if (m.uid) {
      const inRange = p.owner.uid >= m.uid.range.from && p.owner.uid <= m.uid.range.to;
      if (symbolic.has('uid')) out.push(sameSideOf(m.uid.range, 'uid', p.family, oneRange, inRange));
      if (inRange === m.uid.negated) return out;
    }
    if (m.gid && symbolic.has('gid')) {
      const groupHit =
        m.supplGroups && (p.owner.groups ?? []).some((g) => g >= m.gid!.range.from && g <= m.gid!.range.to);
      // A supplementary group in the range settles it whatever the primary gid is.
      if (!groupHit) {
        const inRange = p.owner.gid >= m.gid.range.from && p.owner.gid <= m.gid.range.to;
        out.push(sameSideOf(m.gid.range, 'gid', p.family, oneRange, inRange));
      }
    }
    return out;
  },
  cost: 2,
  explain(m) {
    const parts: string[] = [];
    if (m.uid) parts.push(`the socket's uid is ${notText(m.uid.negated)}${rangeText(m.uid.range)}`);
    if (m.gid) parts.push(`the socket's gid is ${notText(m.gid.negated)}${rangeText(m.gid.range)}`);
    if (m.socketExists) parts.push(m.socketExists.negated ? 'it has no local socket' : 'it has a local socket');
    if (m.nft) parts.push('it has a local socket');
    return parts.join(' and ');
  },
  constants(m, sink) {
    if (m.uid) for (const u of edges(m.uid.range)) sink.uid(u);
    if (m.gid) for (const g of edges(m.gid.range)) sink.gid(g);
  },
  mutants(m) {
    const edits: MatchEdit<'owner'>[] = [];
    for (const key of ['uid', 'gid'] as const) {
      const c = m[key];
      if (!c) continue;
      edits.push({
        kind: 'negation',
        what: `${c.negated ? 'drop' : 'add'} ! on --${key}-owner`,
        match: { ...m, [key]: { ...c, negated: !c.negated } },
      });
      edits.push({
        kind: key,
        what: `--${key}-owner ${c.range.from} -> ${c.range.from + 1}`,
        match: { ...m, [key]: { ...c, range: { from: c.range.from + 1, to: Math.max(c.range.to, c.range.from + 1) } } },
      });
    }
    return edits;
  },
  // xt_owner.c takes no conntrack reference: measured on Linux 6.18 with both iptables backends.
  conntrack: 'does-not-use',
  iptables: ownerIptables,
};
