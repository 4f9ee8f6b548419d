// Which port a NAT mapping with a port range gives a connection's first packet, as net/netfilter/nf_nat_core.c
// chooses it (get_unique_tuple, nf_nat_l4proto_unique_tuple) for a fresh tuple (no clash with another connection):
// - a destination mapping (DNAT, REDIRECT) keeps an original port that already lies in the range ("Only bother
//   mapping if it's not already in range and unique") and otherwise starts the search at the range's first port
//   (offset 0 for NF_NAT_MANIP_DST);
// - a source mapping (SNAT, MASQUERADE) keeps an in-range port too, but otherwise starts at a random offset;
// - --random (NF_NAT_RANGE_PROTO_RANDOM) skips the in-range test and starts at a random offset for both.
// A random choice over more than one port cannot be predicted: the caller reports it as undetermined.
import type { Range } from '../../../ruleset/index.ts';

export type MappedPort = { readonly port: number } | { readonly unpredictable: string };

export function mappedPort(
  manip: 'dst' | 'src',
  original: number,
  range: Range | undefined,
  random: boolean | undefined,
): MappedPort {
  if (range === undefined) return { port: original };
  if (range.from === range.to) return { port: range.from };
  if (random) return { unpredictable: `--random picks a port of ${range.from}-${range.to} at random` };
  if (original >= range.from && original <= range.to) return { port: original };
  if (manip === 'dst') return { port: range.from };
  return { unpredictable: `a source port outside ${range.from}-${range.to} is mapped to a random port of the range` };
}
