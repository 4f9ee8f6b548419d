// What the kernel holds after nft loads a tree, as nft lists it back. nft evaluates a rule before sending it
// (src/evaluate.c) and reconstructs it when listing (src/netlink_delinearize.c); the round trip changes the text:
// - an explicit dependency is dropped when a later expression implies it: `meta l4proto tcp` (or `ip protocol tcp`)
//   before a `tcp …` header match, `meta nfproto ipv4` before an `ip …` match in an inet table (payload_dependency_kill in
//   src/payload.c). The dependency is still in the kernel: nft adds it itself for every header match;
// - a full-length prefix is an address (`127.0.0.6/32` is `127.0.0.6`), and a prefix's address is masked;
// - a protocol number with a name prints as the name; bitmask lists print in bit order;
// - a base chain without a policy accepts; counters start at 0;
// - user and group names are numbers, looked up when nft loads the rule on the machine that runs it (so only with
//   the names that machine has: ListingOptions).
import { maskAddr } from './addresses.ts';
import { CT_STATE_BITS, CT_STATUS_BITS, datatypeOf, INET_PROTOCOL_ALIASES, INET_PROTOCOLS } from './datatypes.ts';
import type { NftChain, NftExpr, NftFamily, NftRule, NftRuleset, NftStatement, NftValue } from './types.ts';

const PROTOCOL_NAMES = new Map(Object.entries(INET_PROTOCOLS).map(([name, n]) => [n, name]));

function protocolNumber(v: NftValue): number | undefined {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'symbol') return INET_PROTOCOLS[v.name] ?? INET_PROTOCOL_ALIASES[v.name];
  return undefined;
}

export interface ListingOptions {
  /** /etc/passwd and /etc/group of the machine that loads the rules: names in `skuid`/`skgid` become their ids. */
  readonly users?: Readonly<Record<string, number>>;
  readonly groups?: Readonly<Record<string, number>>;
}

function canonicalValue(v: NftValue, expr: NftExpr, options: ListingOptions): NftValue {
  const type = datatypeOf(expr);
  if (v.kind === 'symbol' && (type === 'uid' || type === 'gid')) {
    const id = (type === 'uid' ? options.users : options.groups)?.[v.name];
    return id === undefined ? v : { kind: 'number', value: id };
  }
  switch (v.kind) {
    case 'prefix': {
      const max = v.addr.family === 'ipv4' ? 32 : 128;
      return v.length === max
        ? { kind: 'address', addr: v.addr }
        : { kind: 'prefix', addr: maskAddr(v.addr, v.length), length: v.length };
    }
    case 'number':
    case 'symbol': {
      if (type !== 'inet_proto') return v;
      const n = protocolNumber(v);
      const name = n === undefined ? undefined : PROTOCOL_NAMES.get(n);
      return name ? { kind: 'symbol', name } : v;
    }
    case 'list': {
      const bits = type === 'ct_state' ? CT_STATE_BITS : type === 'ct_status' ? CT_STATUS_BITS : undefined;
      const elements = v.elements.map((e) => canonicalValue(e, expr, options));
      if (bits)
        elements.sort(
          (a, b) => (bits[a.kind === 'symbol' ? a.name : ''] ?? 0) - (bits[b.kind === 'symbol' ? b.name : ''] ?? 0),
        );
      return elements.length === 1 ? elements[0]! : { kind: 'list', elements };
    }
    case 'set':
      return { kind: 'set', elements: v.elements.map((e) => canonicalValue(e, expr, options)) };
    case 'range':
      return { kind: 'range', from: canonicalValue(v.from, expr, options), to: canonicalValue(v.to, expr, options) };
    default:
      return v;
  }
}

function exprsOf(s: NftStatement): NftExpr[] {
  if (s.kind === 'match') return [s.left];
  if (s.kind === 'set') return s.value.kind === 'expr' ? [s.key, s.value.expr] : [s.key];
  return [];
}

/**
 * The header protocol a dependency match stands for, if the statement is one: `meta l4proto tcp` (or `ip protocol
 * tcp`, `ip6 nexthdr tcp`) for tcp, `meta nfproto ipv4` for ip in an inet table.
 */
function dependencyFor(s: NftStatement, family: NftFamily): string | undefined {
  if (s.kind !== 'match' || s.op !== '==') return undefined;
  const l4 =
    (s.left.kind === 'meta' && s.left.key === 'l4proto') ||
    (s.left.kind === 'payload' &&
      ((s.left.protocol === 'ip' && s.left.field === 'protocol') ||
        (s.left.protocol === 'ip6' && s.left.field === 'nexthdr')));
  if (l4) {
    const n = protocolNumber(s.right);
    return n === 6 ? 'tcp' : n === 17 ? 'udp' : undefined;
  }
  if (s.left.kind === 'meta' && s.left.key === 'nfproto' && family === 'inet' && s.right.kind === 'symbol') {
    return s.right.name === 'ipv4' ? 'ip' : s.right.name === 'ipv6' ? 'ip6' : undefined;
  }
  return undefined;
}

export function canonicalRule(rule: NftRule, family: NftFamily, options: ListingOptions = {}): NftRule {
  const statements = rule.statements.filter((s, i) => {
    const protocol = dependencyFor(s, family);
    if (!protocol) return true;
    const later = rule.statements.slice(i + 1).flatMap(exprsOf);
    return !later.some((e) => e.kind === 'payload' && e.protocol === protocol);
  });
  return {
    ...rule,
    statements: statements.map((s): NftStatement => {
      switch (s.kind) {
        case 'match':
          return { ...s, right: canonicalValue(s.right, s.left, options) };
        case 'set':
          return { ...s, value: canonicalValue(s.value, s.key, options) };
        case 'counter':
          return { ...s, packets: s.packets ?? 0, bytes: s.bytes ?? 0 };
        default:
          return s;
      }
    }),
  };
}

function canonicalChain(chain: NftChain, family: NftFamily, options: ListingOptions): NftChain {
  const base = chain.base ? { ...chain.base, policy: chain.base.policy ?? 'accept' } : undefined;
  return { ...chain, ...(base ? { base } : {}), rules: chain.rules.map((r) => canonicalRule(r, family, options)) };
}

export function listingForm(ruleset: NftRuleset, options: ListingOptions = {}): NftRuleset {
  return {
    tables: ruleset.tables.map((t) => ({ ...t, chains: t.chains.map((c) => canonicalChain(c, t.family, options)) })),
  };
}
