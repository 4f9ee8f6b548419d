// A plan as normalised rulesets, through the project's own parser: each family's restore input is parsed as
// iptables-restore would load it into a new namespace, so every option means exactly what it means in a dump.
import { parseDump, printDump, type Ruleset } from '../../rules/index.ts';
import type { PlannedRule } from './builder.ts';
import { type Plan, rulesOf } from './plan.ts';
import { restoreLines } from './render.ts';

export interface RulesetOptions {
  /**
   * Resolves a user or group name given to `-m owner` to its id, as iptables does through NSS when it loads the rule
   * (a dump shows the number). Names left unresolved stay names, which the parser keeps as an unsupported match.
   */
  readonly resolveOwner?: (kind: 'user' | 'group', name: string) => number | undefined;
}

function resolveNames(rule: PlannedRule, resolve: RulesetOptions['resolveOwner']): PlannedRule {
  if (!resolve) return rule;
  const params = rule.params.map((p, i) => {
    const option = rule.params[i - 1];
    if ((option !== '--uid-owner' && option !== '--gid-owner') || /^\d+$/.test(p)) return p;
    const id = resolve(option === '--uid-owner' ? 'user' : 'group', p);
    return id === undefined ? p : String(id);
  });
  return { ...rule, params };
}

/** Each family's iptables-restore input (IPv4, then IPv6 when the plan writes IPv6 rules). */
export interface RestoreText {
  readonly family: 'ipv4' | 'ipv6';
  readonly text: string;
}

export function planRestoreTexts(plan: Plan, options: RulesetOptions = {}): RestoreText[] {
  const out: RestoreText[] = [];
  for (const [family, commands] of [['ipv4', plan.v4] as const, ['ipv6', plan.v6] as const]) {
    const rules = rulesOf(commands).map((r) => resolveNames(r, options.resolveOwner));
    if (rules.length > 0) out.push({ family, text: `${restoreLines(rules).join('\n')}\n` });
  }
  return out;
}

/** Restore inputs parsed as iptables-restore would load them into a new namespace. */
export function restoreRulesets(texts: readonly RestoreText[]): Ruleset[] {
  return texts.map(({ family, text }) => {
    const parsed = parseDump(text, { family });
    const ruleset = parsed.value?.rulesets[0];
    if (!ruleset) {
      const why = parsed.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('; ');
      throw new Error(`the generated ${family} rules do not parse (a generator bug): ${why}`);
    }
    return ruleset;
  });
}

/** The IPv4 ruleset, and the IPv6 one when the plan writes IPv6 rules (always in that order). */
export function planRulesets(plan: Plan, options: RulesetOptions = {}): Ruleset[] {
  return restoreRulesets(planRestoreTexts(plan, options));
}

/** The rules as iptables-save would print them after istio-iptables ran in a new namespace (IPv4, then IPv6). */
export function renderIptablesSave(plan: Plan, options: RulesetOptions = {}): string {
  return printDump({ rulesets: planRulesets(plan, options) });
}
