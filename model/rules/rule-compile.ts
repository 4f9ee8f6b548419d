// Turns one rule's words into a normalised Rule: generic matches first in iptables-save's order, then one or more
// matches per `-m` module in written order, then the target. Whatever the model cannot represent becomes an explicit
// 'unsupported' match or target with a warning; nothing is dropped.
import type { Family } from '../net/index.ts';
import type { Report } from '../syntax/index.ts';
import {
  isUnmodelled,
  type Loc,
  type MatchModule,
  type ModuleContext,
  nameWord,
  type ProtocolInfo,
  protocolIs,
  span,
  type TargetModule,
  verbatim,
} from '../syntax/index.ts';
import { compileGeneric, GENERIC_ORDER } from './generic.ts';
import type { ChainKind, Group } from './rule-groups.ts';
import { scanRule } from './rule-scan.ts';
import { UNMODELLED_TARGETS } from './target-modules.ts';
import type { Match, Rule, SourcePos, TableName, Target } from './types.ts';

export interface CompiledRule {
  readonly rule: Rule;
  /** Where each match was written (parallel to rule.matches): the generic option, or `-m NAME`. */
  readonly matchAt: readonly Loc[];
  /** The target's name as written (`REDIRECT`, `ISTIO_OUTPUT`), for placement, jump and cycle issues. */
  readonly targetAt?: Loc;
  /** False when the rule had errors: it keeps its place (so later -I positions stay right) but is not checked. */
  readonly ok: boolean;
}

export interface RuleEnv {
  readonly family: Family;
  readonly table: TableName;
  readonly chainKind: (name: string) => ChainKind;
  readonly report: Report;
}

const UNDETERMINED = 'kept verbatim; a traversal that has to evaluate it is undetermined';

function compileMatchGroup(group: Group, ctx: ModuleContext): readonly Match[] {
  const name = group.name.text;
  const shown = nameWord(name);
  const unsupported = (why: string): Match[] => {
    ctx.report('unsupported-match', ctx.at, `${why}: ${UNDETERMINED}`, 'warning');
    return [{ kind: 'unsupported', module: name, text: ctx.text }];
  };
  const module = group.module as MatchModule | undefined;
  if (!module) return unsupported(`-m ${shown} is not modelled`);
  if (module.protocols && !protocolIs(ctx, module.protocols)) {
    ctx.report(
      'illegal-option',
      ctx.at,
      `-m ${shown} needs a matching -p (not negated): the kernel refuses it otherwise`,
    );
    return [];
  }
  const flag = group.given.find((g) => g.def.unmodelled);
  if (flag) return unsupported(`${flag.def.name} of -m ${shown} is not modelled`);
  const result = module.compile(group.given, ctx);
  if (result === undefined) return [];
  return isUnmodelled(result) ? unsupported(`-m ${shown}: ${result.unmodelled}`) : result;
}

function compileTarget(group: Group, ctx: ModuleContext, table: TableName): Target | undefined {
  const name = group.name.text;
  if (group.module === 'chain') return { kind: group.goto ? 'goto' : 'jump', chain: name };
  const unsupported = (why: string): Target => {
    ctx.report('unsupported-target', group.name, `${why}: ${UNDETERMINED}`, 'warning');
    return { kind: 'unsupported', name, text: ctx.text };
  };
  const module = group.module as TargetModule | undefined;
  if (module) {
    const flag = group.given.find((g) => g.def.unmodelled);
    if (flag) return unsupported(`${flag.def.name} of ${name} is not modelled`);
    const result = module.compile(group.given, ctx);
    return isUnmodelled(result) ? unsupported(`${name}: ${result.unmodelled}`) : result;
  }
  if (!group.goto && (group.raw.length > 0 || UNMODELLED_TARGETS.has(name))) {
    return unsupported(`the target ${nameWord(name)} is not modelled`);
  }
  const how = group.goto ? '-g' : '-j';
  ctx.report(
    'undefined-chain',
    group.name,
    `${how} ${nameWord(name)}: table ${table} has no chain ${nameWord(name)} (declare it with -N)`,
  );
  return undefined;
}

export function compileRule(args: Parameters<typeof scanRule>[0], pos: SourcePos, env: RuleEnv): CompiledRule {
  let errors = 0;
  const report: Report = (code, at, message, severity = 'error') => {
    if (severity === 'error') errors++;
    env.report(code, at, message, severity);
  };
  const scanned = scanRule(args, { chainKind: env.chainKind, report });
  const matches: Match[] = [];
  const matchAt: Loc[] = [];
  let protocol: ProtocolInfo | undefined;
  for (const kind of GENERIC_ORDER) {
    const given = scanned.generic.find((g) => g.kind === kind);
    const match = given && compileGeneric(kind, given.value, given.negated, env.family, report);
    if (!given || !match) continue;
    matches.push(match);
    matchAt.push(span(given.option, given.value));
    if (match.kind === 'protocol') protocol = { number: match.protocol, negated: match.negated };
  }
  const contextOf = (group: Group): ModuleContext => ({
    family: env.family,
    report,
    at: span(group.opener ?? group.name, group.name),
    text: verbatim(group.raw),
    ...(protocol ? { protocol } : {}),
  });
  for (const group of scanned.groups) {
    const ctx = contextOf(group);
    for (const match of compileMatchGroup(group, ctx)) {
      matches.push(match);
      matchAt.push(ctx.at);
    }
  }
  const targetGroup = scanned.target;
  const target: Target | undefined = targetGroup
    ? compileTarget(targetGroup, contextOf(targetGroup), env.table)
    : { kind: 'none' };
  return {
    rule: { matches, target: target ?? { kind: 'none' }, pos },
    matchAt,
    ...(targetGroup ? { targetAt: targetGroup.name } : {}),
    ok: errors === 0,
  };
}
