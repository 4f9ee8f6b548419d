// Replays one body's statements, in order, on initially empty tables, as iptables-restore would: headers and -N
// declare chains, -A appends, -I inserts at a 1-based position counted at that moment, -P sets a policy.
import type { Family } from '../address.ts';
import type { Loc, Token } from './lexer.ts';
import type { Report } from './report.ts';
import { type CompiledRule, compileRule } from './rule-compile.ts';
import type { ChainKind } from './rule-scan.ts';
import type { Statement } from './syntax.ts';
import { TARGET_MODULES, UNMODELLED_TARGETS } from './targets/registry.ts';
import { BUILTIN_CHAINS, type BuiltinChainName, TABLE_NAMES, type TableName } from './types.ts';
import { parseUint } from './values.ts';

export interface ChainState {
  readonly name: string;
  readonly builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | null;
  readonly rules: CompiledRule[];
}

export interface TableState {
  readonly name: TableName;
  /** Built-in chains first (kernel order), then user chains in declaration order. */
  readonly chains: Map<string, ChainState>;
}

const RESERVED = new Set(['ACCEPT', 'DROP', 'QUEUE', 'RETURN']);

/** Why iptables would refuse this user chain name (do_parse / iptables-restore), or undefined. */
function chainNameProblem(name: string): string | undefined {
  if (name === '' || /\s/.test(name)) return 'a chain name cannot be empty or contain blanks';
  if (name.length > 28) return `chain name ${name} is longer than 28 characters`;
  if (RESERVED.has(name) || Object.hasOwn(TARGET_MODULES, name) || UNMODELLED_TARGETS.has(name)) {
    return `chain name ${name} clashes with a target name`;
  }
  return undefined;
}

function isBuiltinIn(table: TableName, name: string): name is BuiltinChainName {
  return (BUILTIN_CHAINS[table] as readonly string[]).includes(name);
}

const ALL_BUILTINS = new Set<string>(Object.values(BUILTIN_CHAINS).flat());

export function newTable(name: TableName): TableState {
  const chains = new Map<string, ChainState>();
  for (const chain of BUILTIN_CHAINS[name])
    chains.set(chain, { name: chain, builtin: true, policy: 'ACCEPT', rules: [] });
  return { name, chains };
}

interface Scope {
  readonly table: TableState;
  readonly family: Family;
  readonly report: Report;
  /** Chains that already had a `:CHAIN` header in this block. */
  readonly headers: Set<string>;
}

function declareChain(name: Token, { table, report }: Scope): void {
  const problem = table.chains.has(name.text)
    ? `chain ${name.text} already exists in table ${table.name}`
    : chainNameProblem(name.text);
  if (problem) report(table.chains.has(name.text) ? 'duplicate-chain' : 'bad-value', name, problem);
  else table.chains.set(name.text, { name: name.text, builtin: false, policy: null, rules: [] });
}

function applyHeader(s: Extract<Statement, { kind: 'chain-header' }>, scope: Scope): void {
  const { table, report } = scope;
  const name = s.name.text;
  const policy = s.policy.text;
  if (scope.headers.has(name)) {
    report('duplicate-chain', s.name, `chain ${name} is declared twice`);
  } else if (isBuiltinIn(table.name, name)) {
    if (policy === 'ACCEPT' || policy === 'DROP') table.chains.get(name)!.policy = policy;
    else report('builtin-chain-policy', s.policy, `built-in chain ${name} needs a policy, ACCEPT or DROP`);
  } else if (policy === '-') {
    declareChain(s.name, scope);
  } else if (ALL_BUILTINS.has(name)) {
    report('unknown-chain', s.name, `table ${table.name} has no built-in chain ${name}`);
  } else {
    report('builtin-chain-policy', s.policy, `user chain ${name} has no policy; write "-"`);
  }
  scope.headers.add(name);
}

function applyPolicy(s: Extract<Statement, { kind: 'policy' }>, { table, report }: Scope): void {
  const chain = table.chains.get(s.chain.text);
  const policy = s.policy.text;
  if (!chain) report('unknown-chain', s.chain, `table ${table.name} has no chain ${s.chain.text}`);
  else if (!chain.builtin)
    report('builtin-chain-policy', s.chain, `only built-in chains have a policy, not ${chain.name}`);
  else if (policy === 'ACCEPT' || policy === 'DROP') chain.policy = policy;
  else report('bad-value', s.policy, `a policy is ACCEPT or DROP, not ${JSON.stringify(policy)}`);
}

function applyRule(s: Extract<Statement, { kind: 'rule' }>, { table, family, report }: Scope): void {
  const chainKind = (n: string): ChainKind => {
    const c = table.chains.get(n);
    return c === undefined ? undefined : c.builtin ? 'builtin' : 'user';
  };
  const pos = { line: s.command.line, column: s.command.column };
  // Compiled even when the chain is unknown, so that every problem on the line is reported at once.
  const compiled = compileRule(s.args, pos, { family, table: table.name, chainKind, report });
  const chain = table.chains.get(s.chain.text);
  if (!chain) {
    report('unknown-chain', s.chain, `table ${table.name} has no chain ${s.chain.text}`);
    return;
  }
  if (s.op === 'append') {
    chain.rules.push(compiled);
    return;
  }
  const index = s.index === undefined ? 1 : parseUint(s.index.text);
  if (index === undefined || index < 1) {
    report('bad-value', s.index ?? s.command, `bad rule number ${JSON.stringify(s.index?.text)}`);
  } else if (index > chain.rules.length + 1) {
    const has = `${chain.name} has ${chain.rules.length} rules`;
    report('bad-insert-position', s.index!, `${has}; -I inserts at 1 to ${chain.rules.length + 1}`);
  } else {
    chain.rules.splice(index - 1, 0, compiled);
  }
}

/**
 * Replays a body. `implicit` is the table of an `iptables -S` listing, which has no `*table` header and no COMMIT.
 * Lines marked `-4`/`-6` for the other family are skipped, as the other family's restore would skip them.
 */
export function replayBody(
  statements: readonly Statement[],
  family: Family,
  implicit: TableName | undefined,
  report: Report,
): TableState[] {
  const tables: TableState[] = [];
  let current: TableState | undefined = implicit ? newTable(implicit) : undefined;
  if (current) tables.push(current);
  let headers = new Set<string>();
  let lastAt: Loc | undefined;
  let skipping = false;
  const missingCommit = (at: Loc) =>
    report('missing-commit', at, `table ${current!.name} is not ended by COMMIT (iptables-restore would not load it)`);
  for (const s of statements) {
    if (s.kind === 'comment' || s.kind === 'save-command') continue;
    if (s.kind === 'table') {
      if (current && !implicit) missingCommit({ line: s.at.line, column: s.at.column, length: s.at.length });
      const name = s.name.text;
      skipping = !(TABLE_NAMES as readonly string[]).includes(name);
      if (skipping)
        report('unknown-table', s.name, `unknown table ${JSON.stringify(name)} (raw, mangle, nat or filter)`);
      current = skipping ? undefined : newTable(name as TableName);
      if (current) tables.push(current);
      headers = new Set();
      lastAt = s.at;
      continue;
    }
    if (s.kind === 'commit') {
      if (!current && !skipping) report('unexpected-line', s.at, 'COMMIT without a table (expected *table before it)');
      current = undefined;
      skipping = false;
      continue;
    }
    if (s.kind !== 'chain-header' && s.only !== undefined && s.only !== family) continue;
    if (!current) {
      if (!skipping)
        report('rule-outside-table', s.at, 'this line is outside any table (start one with *nat, *filter...)');
      continue;
    }
    const scope: Scope = { table: current, family, report, headers };
    if (s.kind === 'chain-header') applyHeader(s, scope);
    else if (s.kind === 'new-chain') declareChain(s.chain, scope);
    else if (s.kind === 'policy') applyPolicy(s, scope);
    else applyRule(s, scope);
    lastAt = s.at;
  }
  if (current && !implicit && lastAt) {
    missingCommit({ line: lastAt.line, column: lastAt.column + lastAt.length, length: 1 });
  }
  return tables;
}
