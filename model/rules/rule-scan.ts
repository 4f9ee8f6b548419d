// Reads a rule's words the way iptables' getopt loop does: generic options (-s, -d, -i, -o, -p) anywhere; `-m NAME`
// opens a match module and `-j`/`-g` the target, whose options follow them; an option the open module does not know
// goes to another module of the rule that knows it, or to the protocol's implicit module (`-p tcp --dport 80`). Long
// options may be abbreviated (`--to-port` for `--to-ports`) when the prefix is unambiguous, as with getopt_long.
import { GENERIC_OPTIONS, type GenericDef, type GenericKind, PROTOCOLS } from './generic.ts';
import { isBang, looksLikeOption, type Token } from './lexer.ts';
import { IMPLICIT_MODULE, matchModule } from './matches/registry.ts';
import {
  findByPrefix,
  findExact,
  type GivenOption,
  type MatchModule,
  type OptionDef,
  type TargetModule,
} from './options.ts';
import type { Report } from './report.ts';
import { targetModule, UNMODELLED_TARGETS } from './targets/registry.ts';
import { parseUint } from './values.ts';

export interface GenericGiven {
  readonly kind: GenericKind;
  readonly option: Token;
  readonly negated: boolean;
  readonly value: Token;
}

export interface Group {
  readonly role: 'match' | 'target';
  /** `-m`, `-j` or `-g` as written; absent for an implicit protocol module. */
  readonly opener?: Token;
  readonly name: Token;
  /** The module, or 'chain' (a jump to a declared chain), or undefined: kept verbatim / decided by the compiler. */
  readonly module: MatchModule | TargetModule | 'chain' | undefined;
  readonly goto: boolean;
  readonly given: GivenOption[];
  /** Every word after the name that belongs to this module, verbatim, in written order. */
  readonly raw: Token[];
}

export interface ScannedRule {
  readonly generic: GenericGiven[];
  readonly groups: Group[];
  target?: Group;
}

export type ChainKind = 'builtin' | 'user' | undefined;

export interface ScanEnv {
  readonly chainKind: (name: string) => ChainKind;
  readonly report: Report;
}

type Resolution =
  | { readonly kind: 'generic'; readonly def: GenericDef }
  | { readonly kind: 'option'; readonly group: Group; readonly def: OptionDef }
  | { readonly kind: 'swallow'; readonly group: Group }
  | { readonly kind: 'unknown'; readonly why: string };

const optionsOf = (group: Group): readonly OptionDef[] =>
  typeof group.module === 'object' ? group.module.options : [];

function newGroup(role: Group['role'], name: Token, module: Group['module'], opener?: Token, goto = false): Group {
  return { role, name, module, goto, given: [], raw: [], ...(opener ? { opener } : {}) };
}

export function scanRule(args: readonly Token[], env: ScanEnv): ScannedRule {
  const rule: ScannedRule = { generic: [], groups: [] };
  let current: Group | undefined;
  let protocol: number | undefined;
  let i = 0;

  /** Words up to the next option (or a `!` that precedes one), for options of modules we do not know. */
  const greedy = (): Token[] => {
    const words: Token[] = [];
    while (i < args.length) {
      const w = args[i]!;
      const next = args[i + 1];
      if (looksLikeOption(w) || (isBang(w) && next !== undefined && looksLikeOption(next))) break;
      words.push(w);
      i++;
    }
    return words;
  };

  const implicitName = (): string | undefined => (protocol === undefined ? undefined : IMPLICIT_MODULE[protocol]);

  const resolve = (written: string): Resolution => {
    const generic = findExact(GENERIC_OPTIONS, written) as GenericDef | undefined;
    if (generic) return { kind: 'generic', def: generic };
    if (current && current.module === undefined) return { kind: 'swallow', group: current };
    const known = [current, ...[...rule.groups, rule.target].reverse()].filter(
      (g): g is Group => g !== undefined && typeof g.module === 'object',
    );
    for (const group of known) {
      const def = findExact(optionsOf(group), written);
      if (def) return { kind: 'option', group, def };
    }
    const implicit = implicitName();
    const implicitModule = implicit === undefined ? undefined : matchModule(implicit);
    const implicitGroup = () => {
      const group = newGroup('match', { ...args[i - 1]!, text: implicit! }, implicitModule);
      rule.groups.push(group);
      current = group;
      return group;
    };
    if (implicitModule) {
      const def = findExact(implicitModule.options, written);
      if (def) return { kind: 'option', group: implicitGroup(), def };
    }
    const candidates: { group?: Group; def: OptionDef; implicit?: boolean }[] = [
      ...findByPrefix(GENERIC_OPTIONS, written).map((def) => ({ def })),
      ...known.flatMap((group) => findByPrefix(optionsOf(group), written).map((def) => ({ group, def }))),
      ...(implicitModule ? findByPrefix(implicitModule.options, written).map((def) => ({ def, implicit: true })) : []),
    ];
    const distinct = new Set(candidates.map((c) => c.def));
    if (distinct.size > 1) {
      return { kind: 'unknown', why: `${written} is ambiguous (${candidates.map((c) => c.def.name).join(', ')})` };
    }
    const only = candidates[0];
    if (only) {
      if (only.group) return { kind: 'option', group: only.group, def: only.def };
      if (only.implicit) return { kind: 'option', group: implicitGroup(), def: only.def };
      return { kind: 'generic', def: only.def as GenericDef };
    }
    if (implicit !== undefined && !implicitModule) {
      const existing = rule.groups.find((g) => g.name.text === implicit && g.module === undefined);
      return { kind: 'swallow', group: existing ?? implicitGroup() };
    }
    const unsupported = [...rule.groups].reverse().find((g) => g.module === undefined);
    if (unsupported) return { kind: 'swallow', group: unsupported };
    const where = current ? ` for ${current.role === 'match' ? `-m ${current.name.text}` : current.name.text}` : '';
    return { kind: 'unknown', why: `unknown option ${written}${where}` };
  };

  /** Consumes a known option's words; returns them, or undefined after reporting a problem. */
  const consume = (option: Token, def: OptionDef, bang: Token | undefined) => {
    let negated = bang !== undefined;
    const raw: Token[] = bang ? [bang, option] : [option];
    // Deprecated "intrapositioned" negation, `--dport ! 80`, which iptables still accepts.
    if (def.arity > 0 && isBang(args[i]) && args[i + 1] !== undefined && !looksLikeOption(args[i + 1]!)) {
      raw.push(args[i]!);
      if (negated) env.report('bad-value', args[i]!, 'multiple "!" flags are not allowed');
      negated = true;
      i++;
    }
    // Like getopt, an option that takes a value takes the next word whatever it looks like (`--comment -x`).
    const values: Token[] = [];
    for (let k = 0; k < def.arity; k++) {
      const value = args[i];
      if (value === undefined) {
        env.report(
          'missing-argument',
          option,
          `${option.text} needs ${def.arity === 1 ? 'a value' : `${def.arity} values`}`,
        );
        return undefined;
      }
      values.push(value);
      i++;
    }
    raw.push(...values);
    if (negated && !def.negatable) {
      env.report('bad-value', bang ?? option, `${def.name} cannot be negated with "!"`);
      return undefined;
    }
    return { negated, values, raw };
  };

  while (i < args.length) {
    let token = args[i]!;
    let bang: Token | undefined;
    if (isBang(token)) {
      bang = token;
      i++;
      const next = args[i];
      if (next === undefined) {
        env.report('missing-argument', bang, '"!" must be followed by an option');
        break;
      }
      if (isBang(next)) {
        env.report('bad-value', next, 'multiple "!" flags are not allowed');
        continue;
      }
      token = next;
    }
    if (!looksLikeOption(token)) {
      if (current && current.module === undefined) current.raw.push(...(bang ? [bang] : []), token);
      else env.report('unknown-option', token, `unexpected argument ${JSON.stringify(token.text)}`);
      i++;
      continue;
    }
    i++;
    const resolution = resolve(token.text);
    if (resolution.kind === 'unknown') {
      env.report('unknown-option', token, resolution.why);
      greedy();
      continue;
    }
    if (resolution.kind === 'swallow') {
      resolution.group.raw.push(...(bang ? [bang] : []), token, ...greedy());
      continue;
    }
    const consumed = consume(token, resolution.def, bang);
    if (!consumed) continue;
    if (resolution.kind === 'option') {
      const { group, def } = resolution;
      if (group.given.some((g) => g.def === def)) {
        env.report('illegal-option', token, `${def.name} is given twice`);
        continue;
      }
      group.given.push({ def, token, negated: consumed.negated, values: consumed.values });
      group.raw.push(...consumed.raw);
      continue;
    }
    const def = resolution.def;
    const value = consumed.values[0];
    switch (def.role) {
      case 'counters':
      case 'fragment':
        if (def.role === 'fragment') env.report('unknown-option', token, '-f (fragment matching) is not supported');
        else if (!consumed.values.every((v) => /^\d+$/.test(v.text))) {
          env.report('bad-value', token, '-c needs two counters: packets and bytes');
        }
        break;
      case 'match': {
        if (bang) env.report('bad-value', bang, '"!" cannot precede -m');
        const group = newGroup('match', value!, matchModule(value!.text), token);
        rule.groups.push(group);
        current = group;
        break;
      }
      case 'jump':
      case 'goto': {
        if (bang) env.report('bad-value', bang, `"!" cannot precede ${def.name}`);
        if (rule.target) {
          env.report('illegal-option', token, `a rule has one target; ${rule.target.name.text} is already given`);
          break;
        }
        rule.target = targetGroup(token, value!, def.role === 'goto', env);
        current = rule.target;
        break;
      }
      default: {
        if (rule.generic.some((g) => g.kind === def.role)) {
          env.report('illegal-option', token, `${def.name} is given twice`);
          break;
        }
        rule.generic.push({ kind: def.role, option: token, negated: consumed.negated, value: value! });
        if (def.role === 'protocol') {
          const name = value!.text.toLowerCase();
          protocol = PROTOCOLS[name] ?? parseUint(name, 255);
        }
      }
    }
  }
  return rule;
}

/** `-j NAME`: a target iptables knows wins over a chain of the same name (command_jump tries extensions first). */
function targetGroup(opener: Token, name: Token, goto: boolean, env: ScanEnv): Group {
  const kind = env.chainKind(name.text);
  const module = goto ? undefined : targetModule(name.text);
  if (module) return newGroup('target', name, module, opener);
  if (!goto && UNMODELLED_TARGETS.has(name.text)) return newGroup('target', name, undefined, opener);
  if (kind === 'user') return newGroup('target', name, 'chain', opener, goto);
  if (kind === 'builtin') {
    env.report('illegal-target', name, `cannot ${goto ? 'goto' : 'jump to'} the built-in chain ${name.text}`);
    return newGroup('target', name, 'chain', opener, goto);
  }
  return newGroup('target', name, undefined, opener, goto);
}
