// Which expressions this model knows, and the datatype of each: nft reads a right-hand side with the datatype of
// the left side (src/datatype.c, src/meta.c, src/ct.c, src/proto.c in nftables), and so do we.
import type { NftExpr } from './types.ts';

export type Datatype =
  | 'ipv4_addr'
  | 'ipv6_addr'
  | 'inet_service'
  | 'inet_proto'
  | 'nf_proto'
  | 'ifname'
  | 'iface_index'
  | 'uid'
  | 'gid'
  | 'mark'
  | 'ct_state'
  | 'ct_status'
  | 'ct_dir'
  | 'integer';

/** Header fields by protocol keyword. */
const PAYLOAD: Readonly<Record<string, Readonly<Record<string, Datatype>>>> = {
  ip: { saddr: 'ipv4_addr', daddr: 'ipv4_addr', protocol: 'inet_proto' },
  ip6: { saddr: 'ipv6_addr', daddr: 'ipv6_addr', nexthdr: 'inet_proto' },
  tcp: { sport: 'inet_service', dport: 'inet_service' },
  udp: { sport: 'inet_service', dport: 'inet_service' },
  // th: the transport header whatever its protocol (ports sit at the same offsets for tcp, udp, sctp, dccp).
  th: { sport: 'inet_service', dport: 'inet_service' },
};

const META: Readonly<Record<string, Datatype>> = {
  l4proto: 'inet_proto',
  nfproto: 'nf_proto',
  iifname: 'ifname',
  oifname: 'ifname',
  iif: 'iface_index',
  oif: 'iface_index',
  skuid: 'uid',
  skgid: 'gid',
  mark: 'mark',
};

const CT: Readonly<Record<string, Datatype>> = {
  state: 'ct_state',
  status: 'ct_status',
  mark: 'mark',
  zone: 'integer',
  direction: 'ct_dir',
};

/**
 * Meta keys nft accepts without `meta` (the `meta_key_unqualified` rule of src/parser_bison.y). Only the ones this
 * model knows are listed; others make the statement unsupported.
 */
export const UNQUALIFIED_META_KEYS: ReadonlySet<string> = new Set([
  'mark',
  'iif',
  'iifname',
  'oif',
  'oifname',
  'skuid',
  'skgid',
]);

/** Meta keys nft prints without `meta` (meta_key_is_unqualified in src/meta.c). */
export const PRINTED_UNQUALIFIED: ReadonlySet<string> = new Set(['iif', 'oif', 'iifname', 'oifname']);

export const PAYLOAD_PROTOCOLS: ReadonlySet<string> = new Set(Object.keys(PAYLOAD));

export function payloadDatatype(protocol: string, field: string): Datatype | undefined {
  return PAYLOAD[protocol]?.[field];
}

export function metaDatatype(key: string): Datatype | undefined {
  return META[key];
}

export function ctDatatype(key: string): Datatype | undefined {
  return CT[key];
}

export function datatypeOf(expr: NftExpr): Datatype | undefined {
  switch (expr.kind) {
    case 'payload':
      return payloadDatatype(expr.protocol, expr.field);
    case 'meta':
      return metaDatatype(expr.key);
    case 'ct':
      return ctDatatype(expr.key);
    default: {
      const never: never = expr;
      return never;
    }
  }
}

/** Bitmask types, on which a match without an operator tests for any of the bits (`in`). */
export function isBitmask(type: Datatype | undefined): boolean {
  return type === 'ct_state' || type === 'ct_status';
}

/** Connection tracking states with their bits (include/linux/netfilter/nf_conntrack_common.h; nft src/ct.c). */
export const CT_STATE_BITS: Readonly<Record<string, number>> = {
  invalid: 1,
  established: 2,
  related: 4,
  new: 8,
  untracked: 64,
};

export const CT_STATUS_BITS: Readonly<Record<string, number>> = {
  expected: 1,
  seen_reply: 2,
  assured: 4,
  confirmed: 8,
  snat: 16,
  dnat: 32,
  dying: 512,
};

/** IP protocol names nft prints (it asks getprotobynumber; these are /etc/protocols' names on Debian). */
export const INET_PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  ipv6: 41,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  sctp: 132,
  udplite: 136,
};

/** nft also reads `icmpv6` for 58 (src/proto.c's symbol table); it prints `ipv6-icmp`. */
export const INET_PROTOCOL_ALIASES: Readonly<Record<string, number>> = { icmpv6: 58 };

export const NF_PROTOS: Readonly<Record<string, number>> = { ipv4: 2, ipv6: 10 };
