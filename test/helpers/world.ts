// Test helpers: a World for a built-in profile, optionally with an edited ruleset.

import { makeWorld, type World, type WorldOptions } from '../../model/pod/index.ts';
import { findProfile, profileRuleset } from '../../model/profiles/index.ts';
import type { Ruleset } from '../../model/rules/index.ts';

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
