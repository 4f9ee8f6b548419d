// Compiles a rule's matches into one JavaScript function, so evaluating a rule is a handful of inlined comparisons
// instead of a loop over a dispatch. The generated code only embeds numbers and JSON-encoded strings taken from the
// parsed ruleset; anything not worth inlining falls back to evaluateMatch() on the original match object.
import type { Cidr } from '../net/index.ts';
import type { Match } from '../rules/index.ts';
import { evaluateMatch, type MatchResult } from './match.ts';
import type { Packet } from './packet.ts';

export type RulePredicate = (p: Packet) => MatchResult;

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

function ifaceCode(field: 'inIface' | 'outIface', name: string): string {
  return name.endsWith('+')
    ? `(p.${field} ?? '').startsWith(${JSON.stringify(name.slice(0, -1))})`
    : `p.${field} === ${JSON.stringify(name)}`;
}

const neg = (negated: boolean, code: string) => (negated ? `!(${code})` : `(${code})`);

/** A boolean expression for the match, or null when it must go through evaluateMatch (it may be UNKNOWN). */
function inline(m: Match): string | null {
  switch (m.kind) {
    case 'source':
      return neg(m.negated, cidrCode('src', m.cidr));
    case 'destination':
      return neg(m.negated, cidrCode('dst', m.cidr));
    case 'in-interface':
      return neg(m.negated, ifaceCode('inIface', m.name));
    case 'out-interface':
      return neg(m.negated, ifaceCode('outIface', m.name));
    case 'protocol':
      return m.protocol === 'all' ? (m.negated ? 'false' : 'true') : neg(m.negated, `p.protocol === ${m.protocol}`);
    case 'port': {
      if (m.module === 'multiport') return null;
      const proto = m.module === 'tcp' ? 6 : 17;
      const field = m.direction === 'source' ? 'sport' : m.direction === 'destination' ? 'dport' : null;
      if (field === null) return null;
      const ranges = m.ranges.map((r) =>
        r.from === r.to ? `p.${field} === ${r.from}` : `(p.${field} >= ${r.from} && p.${field} <= ${r.to})`,
      );
      return `(p.protocol === ${proto} && ${neg(m.negated, ranges.join(' || '))})`;
    }
    case 'owner': {
      if (m.supplGroups || m.socketExists) return null;
      const all = [m.uid, m.gid].filter((c) => c !== undefined);
      const allNegated = all.every((c) => c.negated);
      const checks: string[] = [];
      if (m.uid)
        checks.push(neg(m.uid.negated, `p.owner.uid >= ${m.uid.range.from} && p.owner.uid <= ${m.uid.range.to}`));
      if (m.gid)
        checks.push(neg(m.gid.negated, `p.owner.gid >= ${m.gid.range.from} && p.owner.gid <= ${m.gid.range.to}`));
      // xt_owner without a socket: true only when every criterion is negated.
      return `(p.owner === null ? ${allNegated} : (${checks.join(' && ') || 'true'}))`;
    }
    case 'mark':
      return neg(m.negated, `((p.mark & ${m.mask >>> 0}) >>> 0) === ${m.value >>> 0}`);
    case 'connmark':
      // Without a conntrack entry connmark never matches, negated or not (match.ts).
      return `(p.ctstate !== 'INVALID' && p.ctstate !== 'UNTRACKED' && ${neg(m.negated, `((p.ctmark & ${m.mask >>> 0}) >>> 0) === ${m.value >>> 0}`)})`;
    case 'comment':
      return 'true';
    case 'conntrack':
    case 'unsupported':
      return null;
  }
}

/**
 * The rule's matches as one boolean expression over `p`, when every match can be inlined (no match can be UNKNOWN);
 * the table programs of codegen.ts embed it directly. Null otherwise.
 */
export function predicateExpression(matches: readonly Match[]): string | null {
  const parts: { code: string; cost: number }[] = [];
  for (const m of matches) {
    const code = inline(m);
    if (code === null) return null;
    parts.push({ code, cost: COST[m.kind] });
  }
  // Every part is a pure test of p, so their order cannot change the result: cheap comparisons go first.
  parts.sort((a, b) => a.cost - b.cost);
  return parts.length === 0 ? 'true' : parts.map((x) => x.code).join(' && ');
}

const COST: Readonly<Record<Match['kind'], number>> = {
  comment: 0,
  protocol: 1,
  'out-interface': 1,
  'in-interface': 2,
  owner: 2,
  port: 3,
  mark: 3,
  connmark: 3,
  source: 4,
  destination: 4,
  conntrack: 5,
  unsupported: 5,
};

export function compilePredicate(matches: readonly Match[]): RulePredicate {
  const lines: string[] = [];
  matches.forEach((m, i) => {
    const code = inline(m);
    lines.push(code === null ? `{ const r = E(M[${i}], p); if (r !== 1) return r; }` : `if (!${code}) return 0;`);
  });
  lines.push('return 1;');
  // Safe: the code embeds only numbers and JSON-encoded names from the parsed ruleset (see the header).
  const factory = new Function('E', 'M', `return function rule(p) {\n${lines.join('\n')}\n};`);
  return factory(evaluateMatch, matches) as RulePredicate;
}
