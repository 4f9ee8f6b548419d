// Small readers of a native nftables rule's shape, once converted to the format-independent ruleset: the rules of a
// chain of Istio's inet tables, and the owners, addresses and ports a rule tests. A user or group name (`skgid java`,
// which nft resolves only when it loads the rule) is kept by the conversion as an unsupported `meta` match; it is
// read here from its text, in the rule's order.
import type { Rule, Ruleset } from '../../rules/index.ts';
import { type Cidr, type Family, formatCidr } from '../addresses.ts';

export type IstioNftTable = 'istio-proxy-nat' | 'istio-proxy-mangle' | 'istio-proxy-raw';

/** The rules of a chain of one of Istio's `inet` tables (empty when the table or the chain is absent). */
export function nftChain(rs: Ruleset, table: IstioNftTable, chain: string): readonly Rule[] {
  const t = rs.tables.find((x) => x.family === 'inet' && x.name === table);
  return t?.chains.find((c) => c.name === chain)?.rules ?? [];
}

export function hasIstioTable(rs: Ruleset, table: IstioNftTable): boolean {
  return rs.tables.some((x) => x.family === 'inet' && x.name === table);
}

export interface NftOwner {
  readonly key: 'skuid' | 'skgid';
  /** The id as text, or the name as written. */
  readonly value: string;
  readonly negated: boolean;
}

const NAMED_OWNER = /^(?:meta )?(skuid|skgid) (!= )?(\S+)$/;

/** The rule's owner tests, in order, from modelled owner matches and from names kept verbatim. */
export function nftOwners(r: Rule): NftOwner[] {
  const out: NftOwner[] = [];
  for (const m of r.matches) {
    if (m.kind === 'owner') {
      if (m.uid) out.push({ key: 'skuid', value: String(m.uid.range.from), negated: m.uid.negated });
      if (m.gid) out.push({ key: 'skgid', value: String(m.gid.range.from), negated: m.gid.negated });
    } else if (m.kind === 'unsupported') {
      const named = NAMED_OWNER.exec(m.text);
      if (named) out.push({ key: named[1] as NftOwner['key'], value: named[3]!, negated: named[2] !== undefined });
    }
  }
  return out;
}

/** Whether every match of the rule is one of these kinds (an owner kept by name counts as 'owner'). */
export function onlyKinds(r: Rule, kinds: readonly string[]): boolean {
  return r.matches.every((m) =>
    kinds.includes(m.kind === 'unsupported' && NAMED_OWNER.test(m.text) ? 'owner' : m.kind),
  );
}

/** The destination (or source) address range of the rule, with its family, when it is tested positively. */
export function address(r: Rule, which: 'source' | 'destination', negated = false): Cidr | undefined {
  const m = r.matches.find((x) => x.kind === which);
  return m && (m.kind === 'source' || m.kind === 'destination') && m.negated === negated ? m.cidr : undefined;
}

export const familyOf = (c: Cidr): Family => c.addr.family;

const WRITTEN_ADDRESS = /\b(ip6?) (saddr|daddr) (?:!= )?(\S+)/g;

/**
 * An address range as the rule writes it (`127.0.0.1/8`, `::127.0.0.53/128`): the nft parser keeps a rule's text as
 * written, and istio-nftables writes the configuration's text, which nft masks only when it loads the rule. Read
 * back as written, it regenerates the same bytes. A listing (`nft list ruleset`) writes a full-length prefix as a
 * bare address, which a configuration's CIDR cannot be: then, or without a text, the normalised range.
 */
export function addressText(r: Rule, which: 'source' | 'destination', c: Cidr): string {
  const field = which === 'source' ? 'saddr' : 'daddr';
  const protocol = c.addr.family === 'ipv4' ? 'ip' : 'ip6';
  for (const m of (r.text ?? '').matchAll(WRITTEN_ADDRESS)) {
    if (m[1] === protocol && m[2] === field) return m[3]!.includes('/') ? m[3]! : formatCidr(c);
  }
  return formatCidr(c);
}

/** The single destination port a rule tests positively (`tcp dport 15008`). */
export function dport(r: Rule): number | undefined {
  const p = r.matches.find((m) => m.kind === 'port');
  if (p?.kind !== 'port' || p.negated || p.direction !== 'destination' || p.ranges.length !== 1) return undefined;
  const range = p.ranges[0]!;
  return range.from === range.to ? range.from : undefined;
}

export const portModule = (r: Rule): string | undefined => {
  const p = r.matches.find((m) => m.kind === 'port');
  return p?.kind === 'port' ? p.module : undefined;
};

export const inInterface = (r: Rule): string | undefined => {
  const m = r.matches.find((x) => x.kind === 'in-interface');
  return m?.kind === 'in-interface' && !m.negated ? m.name : undefined;
};

export const outInterface = (r: Rule): string | undefined => {
  const m = r.matches.find((x) => x.kind === 'out-interface');
  return m?.kind === 'out-interface' && !m.negated ? m.name : undefined;
};

export const jumpsTo = (r: Rule, chain: string): boolean => r.target.kind === 'jump' && r.target.chain === chain;
export const returns = (r: Rule): boolean => r.target.kind === 'return';

export function redirectPort(r: Rule): number | undefined {
  return r.target.kind === 'redirect' ? r.target.toPorts?.from : undefined;
}
