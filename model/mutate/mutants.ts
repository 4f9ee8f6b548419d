// Single-point mutants of a ruleset, to prove that the invariants can fail: delete a rule, swap two adjacent rules,
// drop or add a negation, change a uid, gid, port or address, change a jump target. Mutants the kernel would refuse
// (a jump cycle, an option illegal where it stands) are filtered out by re-parsing their printed text.
import type { Addr } from '../net/index.ts';
import { type Match, parseDump, printRuleset, type Rule, type Ruleset, type Target } from '../rules/index.ts';

export type MutationKind = 'delete' | 'swap' | 'negation' | 'uid' | 'gid' | 'port' | 'address' | 'jump-target';

export interface Mutant {
  /** Stable and readable, e.g. "delete nat ISTIO_OUTPUT#4". */
  readonly id: string;
  readonly kind: MutationKind;
  readonly description: string;
  readonly ruleset: Ruleset;
}

type RuleEdit = { kind: MutationKind; what: string; rule: Rule };

function bump(addr: Addr): Addr {
  const words = [...addr.words];
  words[words.length - 1] = ((words[words.length - 1] ?? 0) + 1) >>> 0;
  return { ...addr, words };
}

function withMatch(rule: Rule, i: number, m: Match): Rule {
  return { ...rule, matches: rule.matches.map((x, j) => (j === i ? m : x)) };
}

function matchEdits(rule: Rule): RuleEdit[] {
  const edits: RuleEdit[] = [];
  rule.matches.forEach((m, i) => {
    switch (m.kind) {
      case 'source':
      case 'destination':
        edits.push({
          kind: 'negation',
          what: `${m.negated ? 'drop' : 'add'} ! on ${m.kind}`,
          rule: withMatch(rule, i, { ...m, negated: !m.negated }),
        });
        edits.push({
          kind: 'address',
          what: `${m.kind} address +1`,
          rule: withMatch(rule, i, { ...m, cidr: { ...m.cidr, addr: bump(m.cidr.addr) } }),
        });
        break;
      case 'in-interface':
      case 'out-interface':
      case 'protocol':
      case 'mark':
      case 'connmark':
      case 'conntrack':
        edits.push({
          kind: 'negation',
          what: `${m.negated ? 'drop' : 'add'} ! on ${m.kind}`,
          rule: withMatch(rule, i, { ...m, negated: !m.negated }),
        });
        break;
      case 'port': {
        edits.push({
          kind: 'negation',
          what: `${m.negated ? 'drop' : 'add'} ! on ports`,
          rule: withMatch(rule, i, { ...m, negated: !m.negated }),
        });
        const ranges = m.ranges.map((r, j) => (j === 0 ? { from: r.from + 1, to: Math.max(r.to, r.from + 1) } : r));
        if (ranges[0]!.from <= 65535)
          edits.push({ kind: 'port', what: 'first port +1', rule: withMatch(rule, i, { ...m, ranges }) });
        break;
      }
      case 'owner':
        for (const key of ['uid', 'gid'] as const) {
          const c = m[key];
          if (!c) continue;
          edits.push({
            kind: 'negation',
            what: `${c.negated ? 'drop' : 'add'} ! on --${key}-owner`,
            rule: withMatch(rule, i, { ...m, [key]: { ...c, negated: !c.negated } }),
          });
          edits.push({
            kind: key,
            what: `--${key}-owner ${c.range.from} -> ${c.range.from + 1}`,
            rule: withMatch(rule, i, {
              ...m,
              [key]: { ...c, range: { from: c.range.from + 1, to: Math.max(c.range.to, c.range.from + 1) } },
            }),
          });
        }
        break;
      case 'comment':
      case 'unsupported':
        break;
    }
  });
  return edits;
}

function targetEdits(rule: Rule, userChains: readonly string[]): RuleEdit[] {
  const t = rule.target;
  const edits: RuleEdit[] = [];
  const retarget = (target: Target, what: string) =>
    edits.push({ kind: 'jump-target', what, rule: { ...rule, target } });
  if (t.kind === 'jump' || t.kind === 'goto') {
    for (const c of userChains) if (c !== t.chain) retarget({ ...t, chain: c }, `jump ${t.chain} -> ${c}`);
    retarget({ kind: 'return' }, `jump ${t.chain} -> RETURN`);
  } else if (t.kind === 'return') {
    for (const c of userChains) retarget({ kind: 'jump', chain: c }, `RETURN -> jump ${c}`);
  } else if (t.kind === 'redirect' && t.toPorts) {
    edits.push({
      kind: 'port',
      what: `--to-ports ${t.toPorts.from} -> ${t.toPorts.from + 1}`,
      rule: { ...rule, target: { ...t, toPorts: { from: t.toPorts.from + 1, to: t.toPorts.to + 1 } } },
    });
  }
  return edits;
}

function replaceChainRules(rs: Ruleset, table: string, chain: string, rules: readonly Rule[]): Ruleset {
  return {
    ...rs,
    tables: rs.tables.map((t) =>
      t.name !== table ? t : { ...t, chains: t.chains.map((c) => (c.name === chain ? { ...c, rules } : c)) },
    ),
  };
}

/** Whether iptables-restore would load it: print it and parse it back with the full validation. */
export function isLoadable(rs: Ruleset): boolean {
  const parsed = parseDump(printRuleset(rs));
  return parsed.value !== undefined;
}

export function generateMutants(rs: Ruleset): Mutant[] {
  const out: Mutant[] = [];
  for (const table of rs.tables) {
    const userChains = table.chains.filter((c) => c.policy === null).map((c) => c.name);
    for (const chain of table.chains) {
      const rules = chain.rules;
      const at = (i: number) => `${table.name} ${chain.name}#${i + 1}`;
      const push = (kind: MutationKind, id: string, description: string, next: readonly Rule[]) =>
        out.push({ id, kind, description, ruleset: replaceChainRules(rs, table.name, chain.name, next) });
      rules.forEach((rule, i) => {
        push(
          'delete',
          `delete ${at(i)}`,
          `delete rule ${i + 1} of ${table.name} ${chain.name}`,
          rules.filter((_, j) => j !== i),
        );
        if (i + 1 < rules.length) {
          const swapped = [...rules];
          [swapped[i], swapped[i + 1]] = [rules[i + 1]!, rule];
          push(
            'swap',
            `swap ${at(i)}-${i + 2}`,
            `swap rules ${i + 1} and ${i + 2} of ${table.name} ${chain.name}`,
            swapped,
          );
        }
        for (const e of [...matchEdits(rule), ...targetEdits(rule, userChains)]) {
          push(
            e.kind,
            `${e.kind} ${at(i)}: ${e.what}`,
            `${e.what} in rule ${i + 1} of ${table.name} ${chain.name}`,
            rules.map((r, j) => (j === i ? e.rule : r)),
          );
        }
      });
    }
  }
  return out.filter((m) => isLoadable(m.ruleset));
}
