// -s / -d (iptables' generic options; nft `ip saddr`/`ip6 daddr`): the packet's address is in the CIDR.
import { type Addr, type Cidr, cidrBounds, cidrContains, formatCidr } from '../../../net/index.ts';
import type { Packet } from '../../../ruleset/index.ts';
import { cidrEdges, notText } from '../../constants.ts';
import { bool, type MatchKindModule, NO_MATCH, neg, negationEdit } from '../../match-kind.ts';
import { type FieldRegion, type SymbolicField, sameSideOf } from '../../region.ts';
import { destinationIptables, sourceIptables } from './iptables.ts';

/** The CIDR test over p.src or p.dst, word by word, masked like cidrContains. */
function cidrCode(field: 'src' | 'dst', c: Cidr): string {
  const parts = [`p.${field}.family === ${JSON.stringify(c.addr.family)}`];
  c.addr.words.forEach((word, i) => {
    const bits = c.prefix - 32 * i;
    if (bits <= 0) return;
    if (bits >= 32) {
      parts.push(`p.${field}.words[${i}] === ${word >>> 0}`);
      return;
    }
    const mask = (0xffffffff << (32 - bits)) >>> 0;
    parts.push(`((p.${field}.words[${i}] & ${mask}) >>> 0) === ${word >>> 0}`);
  });
  return `(${parts.join(' && ')})`;
}

/** The addresses on p's side of the CIDR (a CIDR of the other family never matches: nothing to split). */
function cidrRegion(field: 'src' | 'dst', c: Cidr, p: Packet, symbolic: ReadonlySet<SymbolicField>): FieldRegion[] {
  if (!symbolic.has(field) || c.addr.family !== p.family) return [];
  return [sameSideOf(c, field, p.family, cidrSpans, cidrContains(c, p[field]))];
}

const cidrSpans = (c: Cidr) => [cidrBounds(c)];

/** The address one above (the mutation of an address). */
function bump(addr: Addr): Addr {
  const words = [...addr.words];
  words[words.length - 1] = ((words[words.length - 1] ?? 0) + 1) >>> 0;
  return { ...addr, words };
}

/**
 * A packet of the other family never matches, negated or not: iptables and ip6tables never hold such a rule, and
 * nft's `ip daddr != X` in an inet table carries the implicit dependency `meta nfproto ipv4` (nft(8), "PAYLOAD
 * EXPRESSIONS"), which ends the rule for an IPv6 packet.
 */
const familyCode = (field: 'src' | 'dst', c: Cidr): string => `p.${field}.family === ${JSON.stringify(c.addr.family)}`;

export const source: MatchKindModule<'source'> = {
  evaluate: (m, p) =>
    p.src.family !== m.cidr.addr.family ? NO_MATCH : bool(cidrContains(m.cidr, p.src) !== m.negated),
  inline: (m) => `(${familyCode('src', m.cidr)} && ${neg(m.negated, cidrCode('src', m.cidr))})`,
  region: (m, p, symbolic) => cidrRegion('src', m.cidr, p, symbolic),
  cost: 4,
  explain: (m) => `its source is ${notText(m.negated)}in ${formatCidr(m.cidr)}`,
  constants(m, sink) {
    for (const a of cidrEdges(m.cidr)) sink.addr(a);
  },
  mutants: (m) => [
    negationEdit(m, 'source'),
    { kind: 'address', what: 'source address +1', match: { ...m, cidr: { ...m.cidr, addr: bump(m.cidr.addr) } } },
  ],
  conntrack: 'does-not-use',
  iptables: sourceIptables,
};

export const destination: MatchKindModule<'destination'> = {
  evaluate: (m, p) =>
    p.dst.family !== m.cidr.addr.family ? NO_MATCH : bool(cidrContains(m.cidr, p.dst) !== m.negated),
  inline: (m) => `(${familyCode('dst', m.cidr)} && ${neg(m.negated, cidrCode('dst', m.cidr))})`,
  region: (m, p, symbolic) => cidrRegion('dst', m.cidr, p, symbolic),
  cost: 4,
  explain: (m) => `its destination is ${notText(m.negated)}in ${formatCidr(m.cidr)}`,
  constants(m, sink) {
    for (const a of cidrEdges(m.cidr)) sink.addr(a);
  },
  mutants: (m) => [
    negationEdit(m, 'destination'),
    { kind: 'address', what: 'destination address +1', match: { ...m, cidr: { ...m.cidr, addr: bump(m.cidr.addr) } } },
  ],
  conntrack: 'does-not-use',
  iptables: destinationIptables,
};
