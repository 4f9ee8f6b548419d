// -s / -d (iptables' generic options; nft `ip saddr`/`ip6 daddr`): the packet's address is in the CIDR.
import { type Cidr, cidrContains } from '../../../net/index.ts';
import { bool, type MatchKindModule, neg } from '../../match-kind.ts';
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

export const source: MatchKindModule<'source'> = {
  evaluate: (m, p) => bool(cidrContains(m.cidr, p.src) !== m.negated),
  inline: (m) => neg(m.negated, cidrCode('src', m.cidr)),
  cost: 4,
  iptables: sourceIptables,
};

export const destination: MatchKindModule<'destination'> = {
  evaluate: (m, p) => bool(cidrContains(m.cidr, p.dst) !== m.negated),
  inline: (m) => neg(m.negated, cidrCode('dst', m.cidr)),
  cost: 4,
  iptables: destinationIptables,
};
