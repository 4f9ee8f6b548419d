// Compiles a Ruleset once into chains with resolved jump targets and pre-built hit records, so a traversal allocates
// almost nothing (the bench asks for over a million ISTIO_OUTPUT traversals per second).
import {
  type BuiltinChainName,
  type Match,
  type Rule,
  type Ruleset,
  ruleText,
  type TableName,
  type Target,
} from '../rules/index.ts';
import { type ConntrackUse, conntrackUse } from './conntrack-users.ts';
import type { RuleHit } from './packet.ts';
import { compilePredicate, predicateExpression, type RulePredicate } from './predicate.ts';

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
}

export interface CompiledChain {
  readonly table: TableName;
  readonly name: string;
  readonly policy: 'ACCEPT' | 'DROP' | null;
  rules: readonly CompiledRule[];
  /** The policy hit (built-in chains) or the fall-off-the-end hit (user chains). */
  endHit: RuleHit;
}

export interface CompiledTable {
  readonly name: TableName;
  readonly chains: ReadonlyMap<string, CompiledChain>;
  /**
   * Per hook, the table's traversal compiled to one function (codegen.ts), built on first use; null when there is
   * nothing to compile or it is not worth it. A plain object with every hook present keeps the lookup monomorphic.
   */
  readonly programs: Record<BuiltinChainName, ((...args: never[]) => unknown) | null | undefined>;
}

export interface CompiledRuleset {
  readonly source: Ruleset;
  readonly tables: Partial<Record<TableName, CompiledTable>>;
  /** Whether these rules switch conntrack on for the family (conntrack-users.ts); nat sees nothing without it. */
  readonly conntrack: ConntrackUse;
}

/** Targets that do their work (count, log, mark) and let the traversal go on to the next rule. */
export const CONTINUING_TARGETS: ReadonlySet<Target['kind']> = new Set([
  'none',
  'log',
  'ct',
  'mark',
  'connmark-set',
  'connmark-save',
  'connmark-restore',
]);

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

export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  const cached = cache.get(ruleset);
  if (cached) return cached;
  const tables: Partial<Record<TableName, CompiledTable>> = {};
  for (const table of ruleset.tables) {
    const chains = new Map<string, CompiledChain>();
    for (const chain of table.chains) {
      const n = chain.rules.length + 1;
      chains.set(chain.name, {
        table: table.name,
        name: chain.name,
        policy: chain.policy,
        rules: [],
        endHit:
          chain.policy === null
            ? {
                table: table.name,
                chain: chain.name,
                index: n,
                kind: 'return',
                rule: `(end of ${chain.name})`,
                target: 'RETURN',
              }
            : {
                table: table.name,
                chain: chain.name,
                index: n,
                kind: 'policy',
                rule: `:${chain.name} ${chain.policy}`,
                target: chain.policy,
              },
      });
    }
    for (const chain of table.chains) {
      const compiled = chains.get(chain.name)!;
      compiled.rules = chain.rules.map((rule, i) => {
        const target = rule.target;
        const targetChain =
          target.kind === 'jump' || target.kind === 'goto' ? (chains.get(target.chain) ?? null) : null;
        if ((target.kind === 'jump' || target.kind === 'goto') && !targetChain) {
          throw new Error(`${table.name} ${chain.name} rule ${i + 1} jumps to undefined chain ${target.chain}`);
        }
        const text = ruleText(chain.name, rule);
        const modelled = rule.matches.filter((m) => m.kind !== 'unsupported');
        const unsupported = rule.matches.filter((m) => m.kind === 'unsupported');
        return {
          rule,
          index: i + 1,
          text,
          matches: [...modelled, ...unsupported],
          hasUnsupported: unsupported.length > 0,
          test: compilePredicate([...modelled, ...unsupported]),
          expression: predicateExpression([...modelled, ...unsupported]),
          target,
          targetChain,
          hit: {
            table: table.name,
            chain: chain.name,
            index: i + 1,
            kind: 'rule',
            rule: text,
            target: targetName(target),
          },
        };
      });
    }
    const programs = {
      PREROUTING: undefined,
      INPUT: undefined,
      FORWARD: undefined,
      OUTPUT: undefined,
      POSTROUTING: undefined,
    };
    tables[table.name] = { name: table.name, chains, programs };
  }
  const compiled = { source: ruleset, tables, conntrack: conntrackUse(ruleset) };
  cache.set(ruleset, compiled);
  return compiled;
}
