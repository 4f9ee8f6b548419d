// Small helpers shared by the rules tests: fixture loading and one-rule dumps.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Family } from '../../model/net/index.ts';
import { type ParseResult, parseDump } from '../../model/rules/parse.ts';
import type { Match, Rule, Ruleset, TableName, Target } from '../../model/rules/types.ts';
import type { Issue } from '../../model/syntax/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'istio');

export function fixtureNames(dir: 'goldens'): string[] {
  return readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.golden'))
    .map((f) => f.slice(0, -'.golden'.length))
    .sort();
}

export function readFixture(dir: 'goldens', name: string): string {
  return readFileSync(join(FIXTURES, dir, `${name}.golden`), 'utf8');
}

/** `{code, line, column}` of each issue: tests assert these, never message text. */
export function where(issues: readonly Issue[]): { code: string; line: number; column: number }[] {
  return issues.map(({ code, line, column }) => ({ code, line, column }));
}

export interface OneRule {
  readonly table?: TableName;
  readonly chain?: string;
  readonly family?: Family;
  /** Lines between `*table` and the rule (e.g. `-N X`); the rule is then on line 2 + pre.length. */
  readonly pre?: readonly string[];
}

export const RULE_PREFIX = (chain: string) => `-A ${chain} `;

/** Parses `*table / pre... / -A CHAIN args / COMMIT`. The rule is on line 2 + pre.length. */
export function parseRule(args: string, opts: OneRule = {}): ParseResult {
  const table = opts.table ?? 'filter';
  const chain = opts.chain ?? 'OUTPUT';
  const text = [`*${table}`, ...(opts.pre ?? []), `${RULE_PREFIX(chain)}${args}`, 'COMMIT', ''].join('\n');
  return parseDump(text, opts.family ? { family: opts.family } : {});
}

/** Column (1-based) of `needle` in the rule line built by parseRule, for position assertions. */
export function col(args: string, needle: string, opts: OneRule = {}, nth = 0): number {
  const line = `${RULE_PREFIX(opts.chain ?? 'OUTPUT')}${args}`;
  let at = -1;
  for (let k = 0; k <= nth; k++) at = line.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in ${line}`);
  return at + 1;
}

export function ruleOf(result: ParseResult, opts: OneRule = {}): Rule {
  const rs = result.value?.rulesets[0];
  const table = rs?.tables.find((t) => t.name === (opts.table ?? 'filter'));
  const chain = table?.chains.find((c) => c.name === (opts.chain ?? 'OUTPUT'));
  const rule = chain?.rules.at(-1);
  if (!rule) throw new Error(`no rule parsed: ${JSON.stringify(result.issues)}`);
  return rule;
}

/** The matches and target of the single rule in `args`, asserting it parsed. */
export function compiled(args: string, opts: OneRule = {}): { matches: readonly Match[]; target: Target } {
  const rule = ruleOf(parseRule(args, opts), opts);
  return { matches: rule.matches, target: rule.target };
}

export function chainRules(rs: Ruleset, table: TableName, chain: string): readonly Rule[] {
  return rs.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules ?? [];
}
