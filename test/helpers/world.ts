// Test helpers: a World for a built-in profile, optionally with an edited ruleset.

import { makeWorld, type WorldOptions } from '../../model/pod/make-world.ts';
import type { World } from '../../model/pod/world.ts';
import { findProfile, profileRuleset } from '../../model/profiles/profiles.ts';
import type { Ruleset } from '../../model/rules/types.ts';

export function profileOrThrow(name: string) {
  const p = findProfile(name);
  if (!p) throw new Error(`no profile ${name}`);
  return p;
}

export function worldFor(name: string, edit?: (rs: Ruleset) => Ruleset, extra: Partial<WorldOptions> = {}): World {
  const p = profileOrThrow(name);
  const rs = profileRuleset(p);
  return makeWorld({ rulesets: { ipv4: edit ? edit(rs) : rs }, envoy: p.envoy, ...extra });
}
