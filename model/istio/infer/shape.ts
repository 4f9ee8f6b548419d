// Small readers of a normalised rule's shape, for reading a configuration back from rules: which ports, addresses,
// owners and target a rule has. Owner names (which the parser keeps as an unsupported owner match) are read from the
// match's text.

import type { Match, Rule, Ruleset, TableName } from '../../rules/index.ts';
import { type Cidr, formatCidr } from '../addresses.ts';

export function chainRules(rs: Ruleset | undefined, table: TableName, chain: string): readonly Rule[] {
  return rs?.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules ?? [];
}

export function hasChain(rs: Ruleset | undefined, table: TableName, chain: string): boolean {
  return rs?.tables.find((t) => t.name === table)?.chains.some((c) => c.name === chain) ?? false;
}

const find = <K extends Match['kind']>(r: Rule, kind: K) =>
  r.matches.find((m): m is Extract<Match, { kind: K }> => m.kind === kind);

/** The single destination port of a tcp/udp match, when not negated. */
export function dport(r: Rule): number | undefined {
  const p = find(r, 'port');
  if (!p || p.negated || p.direction !== 'destination' || p.ranges.length !== 1) return undefined;
  const range = p.ranges[0]!;
  return range.from === range.to ? range.from : undefined;
}

/** Whether port 53 is carved out (`! --dport 53` or `! --dports 53,…`), as DNS capture writes. */
export function carvesOut53(r: Rule): boolean {
  return r.matches.some((m) => m.kind === 'port' && m.negated && m.ranges.some((x) => x.from === 53 && x.to === 53));
}

export const protocol = (r: Rule): string | undefined => {
  const p = find(r, 'protocol');
  return p && !p.negated ? p.name : undefined;
};

export function destination(r: Rule): Cidr | undefined {
  const d = find(r, 'destination');
  return d && !d.negated ? d.cidr : undefined;
}

export function source(r: Rule): Cidr | undefined {
  const s = find(r, 'source');
  return s && !s.negated ? s.cidr : undefined;
}

export const inInterface = (r: Rule): string | undefined => find(r, 'in-interface')?.name;
export const outInterface = (r: Rule): string | undefined => find(r, 'out-interface')?.name;

export const jumpsTo = (r: Rule, chain: string): boolean => r.target.kind === 'jump' && r.target.chain === chain;
export const returns = (r: Rule): boolean => r.target.kind === 'return';

export function redirectPort(r: Rule): number | undefined {
  return r.target.kind === 'redirect' ? r.target.toPorts?.from : undefined;
}

export interface OwnerTest {
  readonly which: 'uid' | 'gid';
  /** The id as text, or the user/group name as written. */
  readonly value: string;
  readonly negated: boolean;
}

/** The owner criteria of a rule, from modelled owner matches and from owner matches kept verbatim (names). */
export function owners(r: Rule): OwnerTest[] {
  const out: OwnerTest[] = [];
  for (const m of r.matches) {
    if (m.kind === 'owner') {
      if (m.uid) out.push({ which: 'uid', value: String(m.uid.range.from), negated: m.uid.negated });
      if (m.gid) out.push({ which: 'gid', value: String(m.gid.range.from), negated: m.gid.negated });
    } else if (m.kind === 'unsupported' && m.module === 'owner') {
      for (const x of m.text.matchAll(/(!\s+)?--(uid|gid)-owner\s+(\S+)/g)) {
        out.push({ which: x[2] as 'uid' | 'gid', value: x[3]!, negated: x[1] !== undefined });
      }
    }
  }
  return out;
}

/** Only these match kinds (owner matches count as 'owner'). */
export function onlyKinds(r: Rule, kinds: readonly string[]): boolean {
  return r.matches.every((m) => kinds.includes(m.kind === 'unsupported' && m.module === 'owner' ? 'owner' : m.kind));
}

export const cidrText = (c: Cidr): string => formatCidr(c);
