// The contract between the rule compiler and the match/target modules it dispatches to by name. A module declares
// its options (with arity, so the compiler can consume words as getopt would) and turns the options given to one
// `-m NAME` / `-j NAME` into normalised matches or a target.
import type { Family } from '../net/index.ts';
import type { Match, Target } from '../ruleset/index.ts';
import type { Loc, Token } from './lexer.ts';
import type { Report } from './report.ts';

export interface OptionDef {
  /** Canonical name, as iptables-save writes it. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** How many words follow the option. */
  readonly arity: 0 | 1 | 2;
  readonly negatable?: boolean;
  /** Valid iptables that the model does not represent: the whole module is kept verbatim, with a warning. */
  readonly unmodelled?: boolean;
}

export interface GivenOption {
  readonly def: OptionDef;
  /** The option as written. */
  readonly token: Token;
  readonly negated: boolean;
  readonly values: readonly Token[];
}

export interface ProtocolInfo {
  readonly number: number | 'all';
  readonly negated: boolean;
}

/**
 * User and group names with their ids, as the pod's /etc/passwd and /etc/group would give them: iptables resolves a
 * name through NSS when it loads the rule (libxt_owner.c), so offline a name means something only through this table.
 */
export interface OwnerNames {
  readonly users: ReadonlyMap<string, number>;
  readonly groups: ReadonlyMap<string, number>;
}

export interface ModuleContext {
  readonly family: Family;
  /** Names `-m owner` may use; without it (or without the name) the match is kept unmodelled. */
  readonly names?: OwnerNames;
  /** The rule's `-p`, if it has one. */
  readonly protocol?: ProtocolInfo;
  readonly report: Report;
  /** Where the module or target is named (`-m owner`, `-j REDIRECT`), for issues about it as a whole. */
  readonly at: Loc;
  /** The module's words after its name, verbatim (what an unsupported node or a LOG/CT target keeps). */
  readonly text: string;
}

/** Valid iptables that the model cannot represent; the module is kept verbatim with this reason as a warning. */
export interface Unmodelled {
  readonly unmodelled: string;
}

/** A module's result: the model, Unmodelled, or undefined when errors were reported. */
export type Compiled<T> = T | Unmodelled | undefined;

export function isUnmodelled(value: unknown): value is Unmodelled {
  return typeof value === 'object' && value !== null && 'unmodelled' in value;
}

export interface MatchModule {
  readonly options: readonly OptionDef[];
  /**
   * The protocols the kernel accepts the match for, if it is protocol-specific (xt_match.proto, checked by
   * xt_check_match; multiport's own checkentry): the rule then needs a non-negated `-p` for one of them.
   */
  readonly protocols?: readonly number[];
  compile(given: readonly GivenOption[], ctx: ModuleContext): Compiled<readonly Match[]>;
}

export interface TargetModule {
  readonly options: readonly OptionDef[];
  compile(given: readonly GivenOption[], ctx: ModuleContext): Compiled<Target>;
}

const names = (def: OptionDef): readonly string[] => [def.name, ...(def.aliases ?? [])];

export function findExact(options: readonly OptionDef[], written: string): OptionDef | undefined {
  return options.find((def) => names(def).includes(written));
}

/** Options that `written` abbreviates (getopt_long accepts any unambiguous prefix of a long option). */
export function findByPrefix(options: readonly OptionDef[], written: string): OptionDef[] {
  if (!written.startsWith('--') || written.length < 3) return [];
  return options.filter((def) => names(def).some((n) => n.startsWith('--') && n.startsWith(written)));
}

export function given(options: readonly GivenOption[], name: string): GivenOption | undefined {
  return options.find((o) => o.def.name === name);
}

/** The single value word of a one-argument option (the compiler guarantees it is there). */
export function valueWord(option: GivenOption): Token {
  return option.values[0]!;
}

/** Reports a value iptables would reject and returns undefined, so callers can `return bad(...)`. */
export function bad(ctx: ModuleContext, token: Token, message: string): undefined {
  ctx.report('bad-value', token, message);
  return undefined;
}

/** True when the rule has a non-negated `-p` for one of these protocol numbers. */
export function protocolIs(ctx: ModuleContext, numbers: readonly number[]): boolean {
  const p = ctx.protocol;
  return p !== undefined && !p.negated && typeof p.number === 'number' && numbers.includes(p.number);
}
