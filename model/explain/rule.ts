// Everything worth knowing about one rule of a world's rules, as data: what it matches (in words), what Istio meant
// it for, which of the named scenarios reach it (and at which hops), and whether it is dead and what shadows it.
// The CLI's `explain` command prints this; nothing here reads files or the clock.

import { checkWorld } from '../invariants/index.ts';
import { targetName } from '../kernel/index.ts';
import type { Family } from '../net/index.ts';
import { simulate, type World } from '../pod/index.ts';
import { ruleText, type SourcePos, type TableName, whyMatched } from '../rules/index.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { rulePurpose } from './purpose.ts';

export interface RuleRef {
  readonly table: TableName;
  readonly chain: string;
  /** 1-based, as in `iptables -L --line-numbers` and in trace hits. */
  readonly index: number;
  /** Which ruleset of the world; defaults to IPv4 when the world has it. */
  readonly family?: Family;
}

export interface ScenarioReach {
  readonly id: string;
  readonly title: string;
  /** The hops (1-based) of the scenario's trace whose traversal matched the rule. */
  readonly hops: readonly number[];
}

export interface RuleExplanation {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  readonly index: number;
  /** The canonical `-A CHAIN ...` text. */
  readonly rule: string;
  /** Where the rule was written in the dump, when it came from text. */
  readonly pos: SourcePos | null;
  /** The target's name as iptables prints it (RETURN, REDIRECT, a chain); empty for a rule without -j. */
  readonly target: string;
  /** What a packet must look like for the rule to match, in words (whyMatched). */
  readonly matches: string;
  /** What the rule is for, in words. */
  readonly purpose: string;
  /** The scenarios whose traces hit the rule, in catalog order; scenarios that do not hit it are left out. */
  readonly scenarios: readonly ScenarioReach[];
  /** How many scenarios were run (all of the catalog). */
  readonly scenariosRun: number;
  /** Null when some connection of the domain reaches the rule. */
  readonly dead: { readonly shadowedBy: readonly number[]; readonly explanation: string } | null;
  /** Why the lint cannot tell whether the rule is dead (no walk reached it, yet no proof), or null. */
  readonly cannotTell: string | null;
}

export type ExplainIssueCode = 'no-ruleset' | 'no-table' | 'no-chain' | 'no-rule';

export type ExplainResult =
  | { readonly ok: true; readonly value: RuleExplanation }
  | { readonly ok: false; readonly code: ExplainIssueCode; readonly message: string };

const fail = (code: ExplainIssueCode, message: string): ExplainResult => ({ ok: false, code, message });

export function explainRule(world: World, ref: RuleRef): ExplainResult {
  const family = ref.family ?? (world.pod.rulesets.ipv4 ? 'ipv4' : 'ipv6');
  const ruleset = world.pod.rulesets[family];
  if (!ruleset) return fail('no-ruleset', `the rules have no ${family} ruleset`);
  const table = ruleset.tables.find((t) => t.name === ref.table);
  if (!table) {
    const have = ruleset.tables.map((t) => t.name).join(', ') || 'none';
    return fail('no-table', `the ${family} rules have no ${ref.table} table (tables: ${have})`);
  }
  const chain = table.chains.find((c) => c.name === ref.chain);
  if (!chain) {
    const have = table.chains.map((c) => c.name).join(', ');
    return fail('no-chain', `the ${ref.table} table has no chain ${ref.chain} (chains: ${have})`);
  }
  const rule = chain.rules[ref.index - 1];
  if (!rule || !Number.isInteger(ref.index)) {
    const count = chain.rules.length;
    const which = count === 0 ? 'it has no rules' : `its rules are 1 to ${count}`;
    return fail('no-rule', `${ref.table} ${ref.chain} has no rule ${ref.index}: ${which}`);
  }
  const text = ruleText(chain.name, rule);
  const scenarios: ScenarioReach[] = [];
  for (const scenario of SCENARIOS) {
    const trace = simulate(world, scenario.connection(world));
    const hops = trace.hops
      .filter((hop) => hop.family === family)
      .filter((hop) =>
        hop.hits.some(
          (h) => h.kind === 'rule' && h.table.name === ref.table && h.chain === ref.chain && h.index === ref.index,
        ),
      )
      .map((hop) => hop.n);
    if (hops.length > 0) scenarios.push({ id: scenario.id, title: scenario.title, hops });
  }
  // `only: []` runs no invariant: the domain is still walked for the dead-rule lint, which is all we need here.
  const report = checkWorld(world, { family, only: [] });
  const same = (d: { table: string; chain: string; index: number }) =>
    d.table === ref.table && d.chain === ref.chain && d.index === ref.index;
  const dead = report.deadRules.find(same);
  const undecided = report.undecidedRules.find(same);
  return {
    ok: true,
    value: {
      family,
      table: ref.table,
      chain: ref.chain,
      index: ref.index,
      rule: text,
      pos: rule.pos ?? null,
      target: targetName(rule.target),
      matches: whyMatched(rule),
      purpose: rulePurpose(text, rule),
      scenarios,
      scenariosRun: SCENARIOS.length,
      dead: dead ? { shadowedBy: dead.shadowedBy, explanation: dead.explanation } : null,
      cannotTell: undecided ? undecided.why : null,
    },
  };
}
