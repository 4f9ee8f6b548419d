// Reads a rule's words the way iptables' getopt loop does: generic options (-s, -d, -i, -o, -p) anywhere; `-m NAME`
// opens a match module and `-j`/`-g` the target, whose options follow them (option-resolve.ts decides which module an
// option belongs to); `!` before an option, or right after it (deprecated), negates it.

import { PROTOCOLS } from '../kinds/index.ts';
import type { Report } from '../syntax/index.ts';
import { isBang, looksLikeOption, parseUint, type Token } from '../syntax/index.ts';
import type { GenericDef } from './generic.ts';
import { matchModule } from './match-modules.ts';
import { resolveOption } from './option-resolve.ts';
import { type ChainKind, type Group, newGroup, type ScannedRule, type ScanState } from './rule-groups.ts';
import { targetModule, UNMODELLED_TARGETS } from './target-modules.ts';
import { type Consumed, consume, greedy, type Words } from './words.ts';

export interface ScanEnv {
  readonly chainKind: (name: string) => ChainKind;
  readonly report: Report;
}

/** `-j NAME`: a target iptables knows wins over a chain of the same name (command_jump tries extensions first). */
function targetGroup(opener: Token, name: Token, goto: boolean, env: ScanEnv): Group {
  const kind = env.chainKind(name.text);
  const module = goto ? undefined : targetModule(name.text);
  if (module) return newGroup('target', name, module, opener);
  if (!goto && UNMODELLED_TARGETS.has(name.text)) return newGroup('target', name, undefined, opener);
  if (kind === 'builtin') {
    env.report('illegal-target', name, `cannot ${goto ? 'goto' : 'jump to'} the built-in chain ${name.text}`);
  }
  return newGroup('target', name, kind === undefined ? undefined : 'chain', opener, goto);
}

function applyGeneric(
  def: GenericDef,
  option: Token,
  bang: Token | undefined,
  c: Consumed,
  state: ScanState,
  env: ScanEnv,
) {
  const { rule } = state;
  const value = c.values[0]!;
  if (bang && (def.role === 'match' || def.role === 'jump' || def.role === 'goto')) {
    env.report('bad-value', bang, `"!" cannot precede ${def.name}`);
  }
  switch (def.role) {
    case 'fragment':
      env.report('unknown-option', option, '-f (fragment matching) is not supported');
      return;
    case 'counters':
      if (!c.values.every((v) => /^\d+$/.test(v.text))) env.report('bad-value', option, '-c needs packets and bytes');
      return;
    case 'match':
      state.current = newGroup('match', value, matchModule(value.text), option);
      rule.groups.push(state.current);
      return;
    case 'jump':
    case 'goto':
      if (rule.target) {
        env.report('illegal-option', option, `a rule has one target; ${rule.target.name.text} is already given`);
        return;
      }
      rule.target = targetGroup(option, value, def.role === 'goto', env);
      state.current = rule.target;
      return;
    default:
      if (rule.generic.some((g) => g.kind === def.role)) {
        env.report('illegal-option', option, `${def.name} is given twice`);
        return;
      }
      rule.generic.push({ kind: def.role, option, negated: c.negated, value });
      if (def.role === 'protocol') {
        const name = value.text.toLowerCase();
        state.protocol = PROTOCOLS[name] ?? parseUint(name, 255);
      }
  }
}

export function scanRule(args: readonly Token[], env: ScanEnv): ScannedRule {
  const state: ScanState = { rule: { generic: [], groups: [] }, current: undefined, protocol: undefined };
  const w: Words = { args, i: 0 };
  while (w.i < args.length) {
    let token = args[w.i++]!;
    let bang: Token | undefined;
    if (isBang(token)) {
      bang = token;
      const next = args[w.i];
      if (next === undefined) env.report('missing-argument', bang, '"!" must be followed by an option');
      else if (isBang(next)) env.report('bad-value', next, 'multiple "!" flags are not allowed');
      if (next === undefined || isBang(next)) continue;
      token = next;
      w.i++;
    }
    const current = state.current;
    if (!looksLikeOption(token)) {
      if (current && current.module === undefined) current.raw.push(...(bang ? [bang] : []), token);
      else env.report('unknown-option', token, `unexpected argument ${JSON.stringify(token.text)}`);
      continue;
    }
    const resolution = resolveOption(token, state);
    if (resolution.kind === 'unknown') {
      env.report('unknown-option', token, resolution.why);
      greedy(w);
      continue;
    }
    if (resolution.kind === 'swallow') {
      resolution.group.raw.push(...(bang ? [bang] : []), token, ...greedy(w));
      continue;
    }
    const consumed = consume(w, token, resolution.def, bang, env.report);
    if (!consumed) continue;
    if (resolution.kind === 'generic') {
      applyGeneric(resolution.def, token, bang, consumed, state, env);
      continue;
    }
    const { group, def } = resolution;
    if (group.given.some((g) => g.def === def)) {
      env.report('illegal-option', token, `${def.name} is given twice`);
      continue;
    }
    group.given.push({ def, token, negated: consumed.negated, values: consumed.values });
    group.raw.push(...consumed.raw);
  }
  return state.rule;
}
