// Which module an option belongs to, as iptables' getopt loop decides: the generic options first; then the group
// opened last (everything goes to a module we do not know, to be kept verbatim); then any other module of the rule
// that knows the option; then the protocol's implicit module (`-p tcp --dport 80` loads tcp). Long options may be
// abbreviated to any unambiguous prefix, as getopt_long allows (Istio writes `--to-port` for `--to-ports`).

import type { Token } from '../syntax/index.ts';
import { findByPrefix, findExact, type OptionDef } from '../syntax/index.ts';
import { GENERIC_OPTIONS, type GenericDef } from './generic.ts';
import { IMPLICIT_MODULE, matchModule } from './match-modules.ts';
import { type Group, newGroup, optionsOf, type ScanState } from './rule-groups.ts';

export type Resolution =
  | { readonly kind: 'generic'; readonly def: GenericDef }
  | { readonly kind: 'option'; readonly group: Group; readonly def: OptionDef }
  /** Into a module the model does not know: the option and the words after it are kept verbatim. */
  | { readonly kind: 'swallow'; readonly group: Group }
  | { readonly kind: 'unknown'; readonly why: string };

interface Candidate {
  readonly def: OptionDef;
  readonly group?: Group;
  readonly implicit?: boolean;
}

export function resolveOption(option: Token, state: ScanState): Resolution {
  const written = option.text;
  const { rule, current } = state;
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
  const implicit = state.protocol === undefined ? undefined : IMPLICIT_MODULE[state.protocol];
  const implicitModule = implicit === undefined ? undefined : matchModule(implicit);
  const implicitGroup = (): Group => {
    const group = newGroup('match', { ...option, text: implicit! }, implicitModule);
    rule.groups.push(group);
    state.current = group;
    return group;
  };
  const exactImplicit = implicitModule && findExact(implicitModule.options, written);
  if (exactImplicit) return { kind: 'option', group: implicitGroup(), def: exactImplicit };
  const candidates: Candidate[] = [
    ...findByPrefix(GENERIC_OPTIONS, written).map((def) => ({ def })),
    ...known.flatMap((group) => findByPrefix(optionsOf(group), written).map((def) => ({ group, def }))),
    ...(implicitModule ? findByPrefix(implicitModule.options, written).map((def) => ({ def, implicit: true })) : []),
  ];
  if (new Set(candidates.map((c) => c.def)).size > 1) {
    return { kind: 'unknown', why: `${written} is ambiguous (${candidates.map((c) => c.def.name).join(', ')})` };
  }
  const only = candidates[0];
  if (only?.group) return { kind: 'option', group: only.group, def: only.def };
  if (only?.implicit) return { kind: 'option', group: implicitGroup(), def: only.def };
  if (only) return { kind: 'generic', def: only.def as GenericDef };
  if (implicit !== undefined && !implicitModule) {
    // `-p icmp --icmp-type 8`: the implicit module exists in iptables but not in the model.
    const existing = rule.groups.find((g) => g.name.text === implicit && g.module === undefined);
    return { kind: 'swallow', group: existing ?? implicitGroup() };
  }
  const where = current ? ` for ${current.role === 'match' ? `-m ${current.name.text}` : current.name.text}` : '';
  const names = [GENERIC_OPTIONS, ...known.map(optionsOf), implicitModule?.options ?? []].flatMap((defs) =>
    defs.map((d) => d.name),
  );
  const near = closest(written, names);
  return { kind: 'unknown', why: `unknown option ${written}${where}${near ? `; did you mean ${near}?` : ''}` };
}

/** The known option within two edits of what was written (a typo such as --dportt), if exactly one is closest. */
function closest(written: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  let tie = false;
  for (const name of new Set(names)) {
    const d = editDistance(written, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return tie ? undefined : best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
