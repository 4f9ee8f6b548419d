// User and group names in `meta skuid`/`meta skgid` are looked up by nft when it loads the rule (src/datatype.c,
// uid_type_parse and gid_type_parse call getpwnam/getgrnam), so the kernel only ever holds the number. Given the
// names the loading machine knows, a tree can say what that machine's kernel holds, in the user's own layout (no
// other listing rewrite: for that, canonicalRule).
import type { ListingOptions } from './canonical.ts';
import { datatypeOf } from './datatypes.ts';
import type { NftRule, NftRuleset, NftStatement, NftValue } from './types.ts';

function resolved(v: NftValue, ids: Readonly<Record<string, number>> | undefined): NftValue {
  switch (v.kind) {
    case 'symbol': {
      const id = ids?.[v.name];
      return id === undefined ? v : { kind: 'number', value: id };
    }
    case 'set':
      return { kind: 'set', elements: v.elements.map((e) => resolved(e, ids)) };
    case 'list':
      return { kind: 'list', elements: v.elements.map((e) => resolved(e, ids)) };
    case 'range':
      return { kind: 'range', from: resolved(v.from, ids), to: resolved(v.to, ids) };
    default:
      return v;
  }
}

function statement(s: NftStatement, names: ListingOptions): NftStatement {
  if (s.kind !== 'match') return s;
  const type = datatypeOf(s.left);
  if (type === 'uid') return { ...s, right: resolved(s.right, names.users) };
  if (type === 'gid') return { ...s, right: resolved(s.right, names.groups) };
  return s;
}

function rule(r: NftRule, names: ListingOptions): NftRule {
  return { ...r, statements: r.statements.map((s) => statement(s, names)) };
}

/** Every user and group name of an owner match that `names` knows, replaced by its id; unknown names stay. */
export function withOwnerIds(tree: NftRuleset, names: ListingOptions): NftRuleset {
  return {
    ...tree,
    tables: tree.tables.map((t) => ({
      ...t,
      chains: t.chains.map((c) => ({ ...c, rules: c.rules.map((r) => rule(r, names)) })),
    })),
  };
}
