// Text forms of a plan. restoreText is what istio-iptables feeds `iptables-restore --noflush` (buildRestore in
// builder/iptables_builder_impl.go): tables in sorted order, empty ones left out, `-N` for each chain in order of first
// use and then for each jump target without rules of its own, then the rules in call order. dryRun is the command
// log of `istio-iptables --dry-run` in the version's form, the form of Istio's golden files.
import type { PlannedRule } from './builder.ts';
import { type Command, type Plan, rulesOf } from './plan.ts';

/** constants.BuiltInChainsAndTargetsMap: never declared with -N. */
const BUILTIN = new Set(['INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING', 'ACCEPT', 'RETURN', 'DROP']);

const ruleLine = (r: PlannedRule): string =>
  [r.op === 'append' ? '-A' : '-I', r.chain, ...(r.op === 'insert' ? [String(r.position)] : []), ...r.params].join(' ');

/** The chains buildRestore declares in a table: first use as a rule's chain, then jump targets (last two words "-j X"). */
function declaredChains(rules: readonly PlannedRule[], withJumpTargets: boolean): Map<string, string[]> {
  const seen = new Set<string>();
  const byTable = new Map<string, string[]>();
  const declare = (table: string, chain: string) => {
    const key = `${chain}:${table}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (!BUILTIN.has(chain)) byTable.set(table, [...(byTable.get(table) ?? []), chain]);
  };
  for (const r of rules) declare(r.table, r.chain);
  if (withJumpTargets) {
    // buildRestore declares every "-j X" that is not built in; Istio only ever jumps to its ISTIO_ chains that way,
    // and 1.4's ip6tables `-j REJECT` (never built by buildRestore) must stay a target.
    for (const r of rules)
      if (r.params.at(-2) === '-j' && r.params.at(-1)!.startsWith('ISTIO_')) declare(r.table, r.params.at(-1)!);
  }
  return byTable;
}

/** The iptables-restore input for one family's rules (one line per element, without the final newline). */
export function restoreLines(rules: readonly PlannedRule[]): string[] {
  const chains = declaredChains(rules, true);
  const lines: string[] = [];
  for (const table of [...new Set(rules.map((r) => r.table))].sort()) {
    lines.push(`* ${table}`);
    for (const chain of chains.get(table) ?? []) lines.push(`-N ${chain}`);
    for (const r of rules) if (r.table === table) lines.push(ruleLine(r));
    lines.push('COMMIT');
  }
  return lines;
}

/** BuildV4()/BuildV6() of 1.5 to 1.23: `-N` for each chain with rules (first use), then each rule, as commands. */
function builderCommands(binary: string, rules: readonly PlannedRule[]): string[] {
  const lines: string[] = [];
  for (const [table, chains] of declaredChainsInUseOrder(rules)) lines.push(`${binary} -t ${table} -N ${chains}`);
  for (const r of rules) lines.push(`${binary} -t ${r.table} ${ruleLine(r)}`);
  return lines;
}

/** [table, chain] pairs in order of first use across tables (buildRules keeps one order for all tables). */
function declaredChainsInUseOrder(rules: readonly PlannedRule[]): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const r of rules) {
    const key = `${r.chain}:${r.table}`;
    if (seen.has(key) || BUILTIN.has(r.chain)) continue;
    seen.add(key);
    out.push([r.table, r.chain]);
  }
  return out;
}

/** 1.4's commands as its stdout stub printed them (filter commands were written without -t). */
function legacyCommands(binary: string, commands: readonly Command[]): string[] {
  return commands.map((c) => {
    const table = c.kind === 'rule' ? c.rule.table : c.table;
    const t = table === 'filter' ? '' : ` -t ${table}`;
    if (c.kind === 'new-chain') return `${binary}${t} -N ${c.chain}`;
    if (c.kind === 'flush') return `${binary}${t} -F ${c.chain}`;
    return `${binary}${t} ${ruleLine(c.rule)}`;
  });
}

/**
 * The dry-run log, ending with a newline like Istio's golden files:
 * - 1.24+: `iptables-save`, `ip6tables-save` (VerifyIptablesState), the restore input of each family, then the
 *   deferred `iptables-save` (and `ip6tables-save` with IPv6);
 * - 1.5 to 1.23: the commands of BuildV4 and BuildV6, then the deferred saves (the form of the goldens of 1.12 to
 *   1.23, i.e. `--restore-format=false`; with restore format a real dry run logs a temporary file's name instead);
 * - 1.4: every command in execution order, then `iptables-save` and `ip6tables-save` (1.4's stub printed each save
 *   with a trailing space, which is not reproduced).
 */
export function dryRun(plan: Plan): string {
  const saves = ['iptables-save', ...(plan.ipv6 ? ['ip6tables-save'] : [])];
  let lines: string[];
  if (plan.features.dryRun === 'restore') {
    lines = ['iptables-save', 'ip6tables-save', ...restoreLines(rulesOf(plan.v4))];
    if (plan.ipv6) lines.push(...restoreLines(rulesOf(plan.v6)));
    lines.push(...saves);
  } else if (plan.features.builder) {
    lines = [
      ...builderCommands('iptables', rulesOf(plan.v4)),
      ...builderCommands('ip6tables', rulesOf(plan.v6)),
      ...saves,
    ];
  } else {
    lines = [
      ...legacyCommands('iptables', plan.v4),
      ...legacyCommands('ip6tables', plan.v6),
      'iptables-save',
      'ip6tables-save',
    ];
  }
  return `${lines.join('\n')}\n`;
}
