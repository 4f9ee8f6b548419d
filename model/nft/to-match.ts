// One nft match statement as a match kind of the format-independent ruleset (model/ruleset), or the reason it is not
// one. The meaning of each expression is nft(8)'s ("PAYLOAD EXPRESSIONS", "META EXPRESSIONS", "CONNTRACK
// EXPRESSIONS") and the kernel's (net/netfilter/nft_meta.c, nft_ct.c, nft_payload.c, nft_cmp.c, nft_lookup.c).
import type { CtState, Match, Range } from '../ruleset/index.ts';
import { type Addr, maskAddr } from './addresses.ts';
import type { NftExpr, NftStatement, NftValue } from './types.ts';

type MatchStatement = Extract<NftStatement, { kind: 'match' }>;

/** A match, or why it is kept as unsupported. */
export type MatchConversion = { readonly match: Match } | { readonly unsupported: string };

const PROTOCOLS: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58, sctp: 132 };
const CT_STATES: Readonly<Record<string, CtState>> = {
  new: 'NEW',
  established: 'ESTABLISHED',
  related: 'RELATED',
  invalid: 'INVALID',
  untracked: 'UNTRACKED',
};
const FULL_MASK = 0xffffffff;

const no = (why: string): MatchConversion => ({ unsupported: why });

function negated(s: MatchStatement): boolean | null {
  if (s.op === '==' || s.op === 'in') return false;
  return s.op === '!=' ? true : null;
}

function number(v: NftValue): number | null {
  return v.kind === 'number' ? v.value : null;
}

/** A number or `a-b`, as a range. */
function range(v: NftValue): Range | null {
  if (v.kind === 'number') return { from: v.value, to: v.value };
  if (v.kind === 'range') {
    const from = number(v.from);
    const to = number(v.to);
    return from !== null && to !== null ? { from, to } : null;
  }
  return null;
}

/** A value, a range, or an anonymous set of them (`{ 53, 15008 }`), as ranges. */
function ranges(v: NftValue): Range[] | null {
  if (v.kind !== 'set') {
    const r = range(v);
    return r ? [r] : null;
  }
  const out: Range[] = [];
  for (const e of v.elements) {
    const r = range(e);
    if (!r) return null;
    out.push(r);
  }
  return out;
}

/** nft masks a prefix's address when it builds the rule (`127.0.0.1/8` compares as 127.0.0.0/8), as iptables does. */
function cidr(v: NftValue): { addr: Addr; prefix: number } | null {
  if (v.kind === 'address') return { addr: v.addr, prefix: v.addr.family === 'ipv4' ? 32 : 128 };
  if (v.kind === 'prefix') return { addr: maskAddr(v.addr, v.length), prefix: v.length };
  return null;
}

function payload(s: MatchStatement, e: Extract<NftExpr, { kind: 'payload' }>, neg: boolean): MatchConversion {
  if ((e.protocol === 'ip' || e.protocol === 'ip6') && (e.field === 'saddr' || e.field === 'daddr')) {
    const c = cidr(s.right);
    if (!c || (c.addr.family === 'ipv4') !== (e.protocol === 'ip')) return no('an address set or a map');
    return { match: { kind: e.field === 'saddr' ? 'source' : 'destination', negated: neg, cidr: c } };
  }
  if ((e.protocol === 'tcp' || e.protocol === 'udp') && (e.field === 'dport' || e.field === 'sport')) {
    const r = ranges(s.right);
    if (!r || r.length === 0) return no('a port value that is not a number, a range or a set of them');
    const direction = e.field === 'dport' ? 'destination' : 'source';
    return { match: { kind: 'port', module: e.protocol, direction, negated: neg, ranges: r } };
  }
  return no(`the header field ${e.protocol} ${e.field}`);
}

/** nft writes interface wildcards as `eth*`; the ruleset (like iptables) as `eth+`. */
function ifaceName(v: NftValue): string | null {
  if (v.kind !== 'string') return null;
  if (v.value.includes('*') && !v.value.endsWith('*')) return null;
  return v.value.endsWith('*') ? `${v.value.slice(0, -1)}+` : v.value;
}

function meta(s: MatchStatement, key: string, neg: boolean): MatchConversion {
  switch (key) {
    case 'l4proto': {
      const v = s.right;
      const protocol = v.kind === 'symbol' ? PROTOCOLS[v.name] : number(v);
      if (protocol === undefined || protocol === null) return no('a protocol set or an unknown protocol name');
      const name = v.kind === 'symbol' ? v.name : String(protocol);
      return { match: { kind: 'protocol', negated: neg, protocol, name } };
    }
    case 'iifname':
    case 'oifname': {
      const name = ifaceName(s.right);
      if (name === null) return no('an interface set or a wildcard inside a name');
      return { match: { kind: key === 'iifname' ? 'in-interface' : 'out-interface', negated: neg, name } };
    }
    case 'skuid':
    case 'skgid': {
      if (s.right.kind === 'symbol') return no('a user or group name, which nft resolves when it loads the rule');
      const r = range(s.right);
      if (!r) return no('an id set');
      return { match: { kind: 'owner', [key === 'skuid' ? 'uid' : 'gid']: { range: r, negated: neg }, nft: true } };
    }
    case 'mark': {
      const value = number(s.right);
      if (value === null) return no('a mark set or a masked mark');
      return { match: { kind: 'mark', negated: neg, value, mask: FULL_MASK } };
    }
    default:
      return no(`meta ${key}`);
  }
}

function ctStates(v: NftValue): CtState[] | null {
  const items = v.kind === 'list' || v.kind === 'set' ? v.elements : [v];
  const out: CtState[] = [];
  for (const e of items) {
    const state = e.kind === 'symbol' ? CT_STATES[e.name] : undefined;
    if (!state) return null;
    out.push(state);
  }
  return out;
}

function ct(s: MatchStatement, e: Extract<NftExpr, { kind: 'ct' }>, neg: boolean): MatchConversion {
  if (e.dir) return no(`ct ${e.dir} ${e.key}`);
  if (e.key === 'state') {
    const states = ctStates(s.right);
    // `ct state established,related` tests whether any of the bits is set (nft_bitwise + nft_cmp), like --ctstate.
    if (!states) return no('a conntrack state this model does not know');
    // An explicit `==` compares the whole bitmask: with two states or more it asks for several bits at once.
    if (s.op === '==' && states.length > 1) return no('an exact comparison of several conntrack states');
    return { match: { kind: 'conntrack', negated: neg, states } };
  }
  if (e.key === 'mark') {
    const value = number(s.right);
    if (value === null) return no('a ct mark set or a masked ct mark');
    return { match: { kind: 'connmark', negated: neg, value, mask: FULL_MASK } };
  }
  return no(`ct ${e.key}`);
}

export function convertMatch(s: MatchStatement): MatchConversion {
  const neg = negated(s);
  if (neg === null) return no(`the operator ${s.op}`);
  if (s.right.kind === 'set-ref') return no('a named set');
  switch (s.left.kind) {
    case 'payload':
      return payload(s, s.left, neg);
    case 'meta':
      return meta(s, s.left.key, neg);
    case 'ct':
      return ct(s, s.left, neg);
    default: {
      const never: never = s.left;
      return never;
    }
  }
}
