// Compiles a Ruleset once into chains with resolved jump targets and pre-built hit records, so a traversal allocates
// almost nothing (the bench asks for over a million ISTIO_OUTPUT traversals per second).
import { type ContinuingTarget, TARGET_KINDS } from '../kinds/index.ts';
import { type Match, type Rule, type Ruleset, ruleText, type Target } from '../rules/index.ts';
import { type BaseHook, type Hook, type Policy, type TableRef, tableRef } from '../ruleset/index.ts';
import { type ConntrackUse, conntrackUse } from './conntrack-users.ts';
import { type HookEntry, hookEntries } from './hook-order.ts';
import type { RuleHit } from './packet.ts';
import { compilePredicate, predicateExpression, type RulePredicate } from './predicate.ts';
import { findRuns, type RuleRun } from './runs.ts';

export interface CompiledRule {
  readonly rule: Rule;
  readonly index: number;
  readonly text: string;
  /** Matches in evaluation order: modelled ones first, so a false modelled match settles the rule without guessing. */
  readonly matches: readonly Match[];
  readonly hasUnsupported: boolean;
  /** All matches compiled into one function (see predicate.ts). */
  readonly test: RulePredicate;
  /** The matches as one inlinable boolean expression over `p`, when none of them can be UNKNOWN. */
  readonly expression: string | null;
  readonly target: Target;
  /** For jump and goto. */
  readonly targetChain: CompiledChain | null;
  readonly hit: RuleHit;
  /** The run of same-target rules this rule is part of (runs.ts), or null. */
  readonly run: RuleRun | null;
}

export interface CompiledChain {
  readonly table: TableRef;
  readonly name: string;
  readonly policy: Policy | null;
  /** Where a base chain is registered; null for user chains. */
  readonly base: BaseHook | null;
  rules: readonly CompiledRule[];
  /** The policy hit (base chains) or the fall-off-the-end hit (user chains). */
  endHit: RuleHit;
  /**
   * A base chain's traversal compiled to one function (codegen.ts), built on first use; null when there is nothing
   * to compile or it is not worth it.
   */
  program: ((...args: never[]) => unknown) | null | undefined;
}

export interface CompiledTable {
  readonly ref: TableRef;
  readonly name: string;
  readonly chains: ReadonlyMap<string, CompiledChain>;
}

export interface CompiledRuleset {
  readonly source: Ruleset;
  /** In the ruleset's order (the order the tables were registered in). */
  readonly tables: readonly CompiledTable[];
  /** What runs at each hook for this ruleset's family, in the kernel's order (hook-order.ts). */
  readonly hooks: Readonly<Record<Hook, readonly HookEntry<CompiledChain>[]>>;
  /** Whether these rules switch conntrack on for the family (conntrack-users.ts); nat sees nothing without it. */
  readonly conntrack: ConntrackUse;
}

/** The table of an iptables ruleset called `name` (iptables names are unique within one family). */
export function compiledTable(rs: CompiledRuleset, name: string): CompiledTable | undefined {
  return rs.tables.find((t) => t.name === name);
}

export type { ContinuingTarget } from '../kinds/index.ts';

/** Targets that do their work (count, log, mark) and let the traversal go on to the next rule (model/kinds). */
export const CONTINUING_TARGETS: ReadonlySet<Target['kind']> = new Set(
  Object.entries(TARGET_KINDS)
    .filter(([, kind]) => kind.continuing !== false)
    .map(([name]) => name as Target['kind']),
);

export const isContinuing = (t: Target): t is ContinuingTarget => CONTINUING_TARGETS.has(t.kind);

/** The end of an exhaustive switch over target kinds: the compiler proves it is never reached. */
export function unreachableTarget(t: never): never {
  throw new Error(`unhandled target ${JSON.stringify(t)}`);
}

export function targetName(target: Target): string {
  switch (target.kind) {
    case 'none':
      return '';
    case 'jump':
    case 'goto':
      return target.chain;
    case 'connmark-set':
    case 'connmark-save':
    case 'connmark-restore':
      return 'CONNMARK';
    case 'log':
      return target.module;
    case 'unsupported':
      return target.name;
    default:
      return target.kind.toUpperCase();
  }
}

const cache = new WeakMap<Ruleset, CompiledRuleset>();
const hitRuns = new WeakMap<RuleHit, RuleRun>();

/** The run of same-target rules (runs.ts) a recorded hit's rule is part of, if any. */
export function runOfHit(hit: RuleHit): RuleRun | undefined {
  return hitRuns.get(hit);
}

/** The names of the chains some rule of the table jumps or goes to. */
function jumpTargets(table: Ruleset['tables'][number]): Set<string> {
  const out = new Set<string>();
  for (const c of table.chains)
    for (const r of c.rules) if (r.target.kind === 'jump' || r.target.kind === 'goto') out.add(r.target.chain);
  return out;
}

/** compilePredicate on first call (a rule of a chain nothing walks is tested only if something asks, e.g. explain). */
function lazyPredicate(matches: readonly Match[]): RulePredicate {
  let compiled: RulePredicate | undefined;
  return (p) => {
    compiled ??= compilePredicate(matches);
    return compiled(p);
  };
}

export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  const cached = cache.get(ruleset);
  if (cached) return cached;
  const tables: CompiledTable[] = [];
  for (const table of ruleset.tables) {
    const ref = tableRef(table);
    const chains = new Map<string, CompiledChain>();
    for (const chain of table.chains) {
      const n = chain.rules.length + 1;
      chains.set(chain.name, {
        table: ref,
        name: chain.name,
        policy: chain.policy,
        base: chain.base,
        rules: [],
        program: undefined,
        endHit:
          chain.policy === null
            ? {
                table: ref,
                chain: chain.name,
                index: n,
                kind: 'return',
                rule: `(end of ${chain.name})`,
                target: 'RETURN',
              }
            : {
                table: ref,
                chain: chain.name,
                index: n,
                kind: 'policy',
                rule: chain.policyText ?? `:${chain.name} ${chain.policy}`,
                target: chain.policy,
              },
      });
    }
    const referenced = jumpTargets(table);
    for (const chain of table.chains) {
      const compiled = chains.get(chain.name)!;
      // A chain that is neither a base chain nor the target of any jump or goto is never walked: its predicates are
      // compiled on first use only (the dead-rule lint reports such a chain once, by its rule count), so a dump's
      // 2,000-rule leftover chain costs a parse and nothing more.
      const walked = chain.base !== null || referenced.has(chain.name);
      const runOf: (RuleRun | null)[] = chain.rules.map(() => null);
      if (walked) for (const run of findRuns(chain.rules)) for (let k = run.first; k <= run.last; k++) runOf[k] = run;
      compiled.rules = chain.rules.map((rule, i) => {
        const target = rule.target;
        const targetChain =
          target.kind === 'jump' || target.kind === 'goto' ? (chains.get(target.chain) ?? null) : null;
        if ((target.kind === 'jump' || target.kind === 'goto') && !targetChain) {
          throw new Error(`${table.name} ${chain.name} rule ${i + 1} jumps to undefined chain ${target.chain}`);
        }
        const text = rule.text ?? ruleText(chain.name, rule);
        const modelled = rule.matches.filter((m) => m.kind !== 'unsupported');
        const unsupported = rule.matches.filter((m) => m.kind === 'unsupported');
        const matches = [...modelled, ...unsupported];
        return {
          rule,
          index: i + 1,
          text,
          matches,
          hasUnsupported: unsupported.length > 0,
          // A run's later rules are tested one by one only where the run is not one lookup (runs.ts): their
          // predicates are compiled on first use too, so a 5,000-rule list compiles one.
          test:
            walked && (runOf[i] === null || runOf[i]!.first === i) ? compilePredicate(matches) : lazyPredicate(matches),
          // codegen embeds expressions only into the programs of base chains and what they jump to.
          expression: walked ? predicateExpression(matches) : null,
          target,
          targetChain,
          hit: {
            table: ref,
            chain: chain.name,
            index: i + 1,
            kind: 'rule',
            rule: text,
            target: targetName(target),
          },
          run: runOf[i]!,
        };
      });
      for (const r of compiled.rules) if (r.run !== null) hitRuns.set(r.hit, r.run);
    }
    tables.push({ ref, name: table.name, chains });
  }
  const conntrack = conntrackUse(ruleset);
  // conntrack's hook functions are registered only while some rule holds it (conntrack-users.ts); when that is not
  // known they are kept in place so that the walk can say so where it matters.
  const at = (hook: Hook) => hookEntries(ruleset.family, tables, hook, conntrack !== 'off');
  const hooks = {
    PREROUTING: at('PREROUTING'),
    INPUT: at('INPUT'),
    FORWARD: at('FORWARD'),
    OUTPUT: at('OUTPUT'),
    POSTROUTING: at('POSTROUTING'),
  };
  const compiled = { source: ruleset, tables, hooks, conntrack };
  cache.set(ruleset, compiled);
  return compiled;
}
