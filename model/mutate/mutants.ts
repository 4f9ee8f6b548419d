// Single-point mutants of a ruleset, to prove that the invariants can fail: delete a rule, swap two adjacent rules,
// drop or add a negation, change a uid, gid, port or address, change a jump target. Mutants the kernel would refuse
// (a jump cycle, an option illegal where it stands) are filtered out by re-parsing their printed text.
import { type MatchMutationKind, matchKind, targetKind } from '../kinds/index.ts';
import { parseDump, printRuleset, type Rule, type Ruleset } from '../rules/index.ts';

export type MutationKind = 'delete' | 'swap' | MatchMutationKind | 'jump-target';

export interface Mutant {
  /** Stable and readable, e.g. "delete nat ISTIO_OUTPUT#4". */
  readonly id: string;
  readonly kind: MutationKind;
  readonly description: string;
  readonly ruleset: Ruleset;
}

type RuleEdit = { kind: MutationKind; what: string; rule: Rule };

/** Each match's own single-point changes (model/kinds), in the order of the rule's matches. */
function matchEdits(rule: Rule): RuleEdit[] {
  return rule.matches.flatMap((m, i) =>
    matchKind(m)
      .mutants(m)
      .map(
        (e): RuleEdit => ({ kind: e.kind, what: e.what, rule: { ...rule, matches: rule.matches.with(i, e.match) } }),
      ),
  );
}

/** The target's own single-point changes (model/kinds), given the user chains it could jump to instead. */
function targetEdits(rule: Rule, userChains: readonly string[]): RuleEdit[] {
  return targetKind(rule.target)
    .mutants(rule.target, userChains)
    .map((e): RuleEdit => ({ kind: e.kind, what: e.what, rule: { ...rule, target: e.target } }));
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
