// The chain-level commands of a table block, applied to the table as iptables-restore applies them: `:CHAIN` headers
// and -N declare chains, -P sets a built-in chain's policy, -A appends a compiled rule, -I inserts one at a 1-based
// position counted at that moment.
import type { Family } from '../net/index.ts';
import type { OwnerNames, Report, Token } from '../syntax/index.ts';
import { parseUint } from '../syntax/index.ts';
import { compileRule } from './rule-compile.ts';
import type { ChainKind } from './rule-groups.ts';
import type { Statement } from './syntax.ts';
import type { TableState } from './table-state.ts';
import { TARGET_MODULES, UNMODELLED_TARGETS } from './target-modules.ts';
import { BUILTIN_CHAINS, type BuiltinChainName, type TableName } from './types.ts';

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

export interface Scope {
  readonly table: TableState;
  readonly family: Family;
  readonly report: Report;
  /** Chains that already had a `:CHAIN` header in this block. */
  readonly headers: Set<string>;
  readonly names?: OwnerNames;
}

export function declareChain(name: Token, { table, report }: Scope): void {
  const problem = table.chains.has(name.text)
    ? `chain ${name.text} already exists in table ${table.name}`
    : chainNameProblem(name.text);
  if (problem) report(table.chains.has(name.text) ? 'duplicate-chain' : 'bad-value', name, problem);
  else table.chains.set(name.text, { name: name.text, builtin: false, policy: null, rules: [] });
}

export function applyHeader(s: Extract<Statement, { kind: 'chain-header' }>, scope: Scope): void {
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

export function applyPolicy(s: Extract<Statement, { kind: 'policy' }>, { table, report }: Scope): void {
  const chain = table.chains.get(s.chain.text);
  const policy = s.policy.text;
  if (!chain) report('unknown-chain', s.chain, `table ${table.name} has no chain ${s.chain.text}`);
  else if (!chain.builtin)
    report('builtin-chain-policy', s.chain, `only built-in chains have a policy, not ${chain.name}`);
  else if (policy === 'ACCEPT' || policy === 'DROP') chain.policy = policy;
  else report('bad-value', s.policy, `a policy is ACCEPT or DROP, not ${JSON.stringify(policy)}`);
}

export function applyRule(s: Extract<Statement, { kind: 'rule' }>, { table, family, report, names }: Scope): void {
  const chainKind = (n: string): ChainKind => {
    const c = table.chains.get(n);
    return c === undefined ? undefined : c.builtin ? 'builtin' : 'user';
  };
  const pos = { line: s.command.line, column: s.command.column };
  // Compiled even when the chain is unknown, so that every problem on the line is reported at once.
  const compiled = compileRule(s.args, pos, {
    family,
    table: table.name,
    chainKind,
    report,
    ...(names ? { names } : {}),
  });
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
