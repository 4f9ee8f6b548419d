// Runs commands in order on an empty ruleset, as one `nft -f` transaction does, into the final state. Handles are
// assigned as the kernel does when the text gives none (net/netfilter/nf_tables_api.c: tables from one counter per
// network namespace, and chains, sets and rules from one counter per table; an anonymous set `{ … }` in a rule takes
// a handle before its rule), so a replayed script lists with the handles `nft -a list ruleset` would show after it is
// loaded into a fresh namespace.
import type { NftCommand } from './commands.ts';
import { insertionPoint } from './replay-place.ts';
import type { Report } from './report.ts';
import type { NftChain, NftRule, NftRuleset, NftSet, NftTable, NftUnsupportedObject, NftValue } from './types.ts';

interface ChainState {
  chain: Omit<NftChain, 'rules'>;
  rules: NftRule[];
}

interface TableState {
  table: Omit<NftTable, 'chains' | 'sets' | 'unsupported'>;
  chains: Map<string, ChainState>;
  sets: Map<string, NftSet>;
  unsupported: NftUnsupportedObject[];
  nextHandle: number;
}

type RuleCommand = Extract<NftCommand, { what: 'rule'; rule: unknown }>;
type Where = { family: string; table: string };

const key = (w: Where) => `${w.family} ${w.table}`;

function anonymousSets(rule: NftRule): number {
  const count = (v: NftValue): number => (v.kind === 'set' ? 1 : 0);
  return rule.statements.reduce((n, s) => n + (s.kind === 'match' ? count(s.right) : 0), 0);
}

export function replay(commands: readonly NftCommand[], report: Report): NftRuleset {
  const tables = new Map<string, TableState>();
  let nextTableHandle = 1;

  const tableOf = (c: Where & { at: NftCommand['at'] }): TableState | undefined => {
    const t = tables.get(key(c));
    if (!t) report('unknown-table', c.at, `table ${c.family} ${c.table} does not exist (add it first)`);
    return t;
  };
  const chainOf = (t: TableState, c: { chain: string; at: NftCommand['at'] }): ChainState | undefined => {
    const chain = t.chains.get(c.chain);
    if (!chain)
      report('unknown-chain', c.at, `chain ${c.chain} does not exist in table ${t.table.family} ${t.table.name}`);
    return chain;
  };
  const jumpsResolve = (t: TableState, rule: NftRule): boolean =>
    rule.statements.every((s) => {
      if ((s.kind !== 'jump' && s.kind !== 'goto') || t.chains.has(s.target)) return true;
      report('undefined-chain', s.at, `${s.kind} to chain ${s.target}, which does not exist in table ${t.table.name}`);
      return false;
    });

  const addRule = (c: RuleCommand) => {
    const t = tableOf(c);
    const chain = t && chainOf(t, c);
    if (!t || !chain || !jumpsResolve(t, c.rule)) return;
    const rules = chain.rules;
    t.nextHandle += anonymousSets(c.rule);
    if (c.op === 'replace') {
      // The replacement keeps the handle of the rule it replaces (seen with nft 1.0.6 on Linux 6.18).
      const i = rules.findIndex((r) => r.handle === c.handle);
      if (i < 0) report('unknown-handle', c.at, `no rule with handle ${c.handle} in chain ${c.chain}`);
      else rules[i] = { ...c.rule, handle: c.handle };
      return;
    }
    const rule: NftRule = { ...c.rule, handle: c.rule.handle ?? t.nextHandle++ };
    const at = insertionPoint(rules, c, report);
    if (at === undefined) return;
    rules.splice(at, 0, rule);
  };

  for (const c of commands) {
    switch (c.what) {
      case 'ruleset':
        for (const [k, t] of tables) if (!c.family || t.table.family === c.family) tables.delete(k);
        break;
      case 'table': {
        const k = `${c.family} ${c.name}`;
        const existing = tables.get(k);
        if (c.op === 'add' || c.op === 'create') {
          if (existing && c.op === 'create')
            report('duplicate-object', c.at, `table ${c.family} ${c.name} already exists`);
          if (existing) break;
          const handle = c.handle ?? nextTableHandle;
          nextTableHandle = Math.max(nextTableHandle, handle) + 1;
          tables.set(k, {
            table: { family: c.family, name: c.name, at: c.at, handle, flags: c.flags ?? [] },
            chains: new Map(),
            sets: new Map(),
            unsupported: [],
            nextHandle: 1,
          });
        } else if (!existing) {
          if (c.op !== 'destroy') report('unknown-table', c.at, `table ${c.family} ${c.name} does not exist`);
        } else if (c.op === 'flush') {
          for (const chain of existing.chains.values()) chain.rules = [];
        } else tables.delete(k);
        break;
      }
      case 'chain': {
        const t = tableOf(c);
        if (!t) break;
        const existing = t.chains.get(c.name);
        if (c.op === 'add' || c.op === 'create') {
          if (existing) {
            if (c.op === 'create') report('duplicate-chain', c.at, `chain ${c.name} already exists`);
            else if (
              c.base &&
              existing.chain.base &&
              (c.base.hook !== existing.chain.base.hook || c.base.type !== existing.chain.base.type)
            ) {
              report('duplicate-chain', c.at, `chain ${c.name} already exists with another type or hook`);
            } else if (c.base?.policy)
              existing.chain = { ...existing.chain, base: { ...existing.chain.base!, policy: c.base.policy } };
            break;
          }
          const handle = c.handle ?? t.nextHandle;
          t.nextHandle = Math.max(t.nextHandle, handle) + 1;
          t.chains.set(c.name, {
            chain: { name: c.name, at: c.at, handle, ...(c.base ? { base: c.base } : {}) },
            rules: [],
          });
        } else if (!existing) {
          if (c.op !== 'destroy') report('unknown-chain', c.at, `chain ${c.name} does not exist`);
        } else if (c.op === 'flush') existing.rules = [];
        else if (existing.rules.length > 0)
          report('duplicate-object', c.at, `chain ${c.name} is not empty: flush it first`);
        else t.chains.delete(c.name);
        break;
      }
      case 'rule':
        if (!('rule' in c)) {
          const t = tableOf(c);
          const chain = t && chainOf(t, c);
          const i = chain ? chain.rules.findIndex((r) => r.handle === c.handle) : -1;
          if (chain && i < 0 && c.op === 'delete')
            report('unknown-handle', c.at, `no rule with handle ${c.handle} in chain ${c.chain}`);
          if (chain && i >= 0) chain.rules.splice(i, 1);
        } else addRule(c);
        break;
      case 'set': {
        const t = tableOf(c);
        if (!t) break;
        if (t.sets.has(c.set.name)) {
          if (c.op === 'create') report('duplicate-object', c.at, `set ${c.set.name} already exists`);
          break;
        }
        const handle = c.set.handle ?? t.nextHandle;
        t.nextHandle = Math.max(t.nextHandle, handle) + 1;
        t.sets.set(c.set.name, { ...c.set, handle });
        break;
      }
      case 'element': {
        const t = tableOf(c);
        const set = t?.sets.get(c.set);
        if (t && !set) report('unknown-set', c.at, `set ${c.set} does not exist in table ${c.table}`);
        if (!t || !set) break;
        const text = (v: NftValue) => JSON.stringify(v);
        const drop = new Set(c.elements.map(text));
        const elements =
          c.op === 'add' ? [...set.elements, ...c.elements] : set.elements.filter((e) => !drop.has(text(e)));
        t.sets.set(c.set, { ...set, elements });
        break;
      }
      case 'unsupported': {
        const t = tableOf(c);
        t?.unsupported.push(c.object);
        break;
      }
      default: {
        const never: never = c;
        throw new Error(`unhandled command ${JSON.stringify(never)}`);
      }
    }
  }
  return {
    tables: [...tables.values()].map((t) => ({
      ...t.table,
      sets: [...t.sets.values()],
      chains: [...t.chains.values()].map((c) => ({ ...c.chain, rules: c.rules })),
      unsupported: t.unsupported,
    })),
  };
}
