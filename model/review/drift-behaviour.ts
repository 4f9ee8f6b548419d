// Drift's behavioural part: the rules a configuration generates against the dump, as a diff over packet classes in the
// dump's own pod. Drift's rule lines say which rules differ; this says which traffic changes fate because of them
// (none, for a harmless reordering), with one simplest connection per group as `diff` shows it.
import { diffWorlds, type WorldDiff } from '../classes/index.ts';
import type { Family } from '../net/index.ts';
import type { World } from '../pod/index.ts';
import type { Ruleset } from '../rules/index.ts';

/** Per family the dump holds and the configuration writes: the generated rules (old) against the dump (new). */
export function driftBehaviour(dump: World, expected: readonly Ruleset[], families: readonly Family[]): WorldDiff[] {
  return families.flatMap((family) => {
    const generated = expected.find((r) => r.family === family);
    if (!generated || !dump.pod.rulesets[family]) return [];
    const before: World = { ...dump, pod: { ...dump.pod, rulesets: { ...dump.pod.rulesets, [family]: generated } } };
    return [diffWorlds(before, dump, family)];
  });
}
