// What a rule's words are sorted into while scanning: generic options, one group per `-m` module (written or
// implicit), and the target's group. The scanner and the option resolver share one ScanState.

import type { GivenOption, MatchModule, OptionDef, TargetModule, Token } from '../syntax/index.ts';
import type { GenericKind } from './generic.ts';

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
  /** The module, 'chain' (a jump to a declared chain), or undefined: kept verbatim, or decided by the compiler. */
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

export interface ScanState {
  readonly rule: ScannedRule;
  /** The group opened last (`-m`, `-j`, or an implicit module): options go there first. */
  current: Group | undefined;
  /** The protocol number of the rule's `-p` so far, for the implicit module. */
  protocol: number | undefined;
}

export function newGroup(
  role: Group['role'],
  name: Token,
  module: Group['module'],
  opener?: Token,
  goto = false,
): Group {
  return { role, name, module, goto, given: [], raw: [], ...(opener ? { opener } : {}) };
}

export function optionsOf(group: Group): readonly OptionDef[] {
  return typeof group.module === 'object' ? group.module.options : [];
}
