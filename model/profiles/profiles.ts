// The built-in Istio version profiles, keyed by name: a profile missing here, or filed under another profile's name,
// is a compile error. The classic chain of the article is istio-1.10.
import { parseDumpOrThrow, type Ruleset } from '../rules/index.ts';
import { ISTIO_1_4 } from './istio-1.4.ts';
import { ISTIO_1_5 } from './istio-1.5.ts';
import { ISTIO_1_8 } from './istio-1.8.ts';
import { ISTIO_1_10 } from './istio-1.10.ts';
import { ISTIO_1_11 } from './istio-1.11.ts';
import { ISTIO_1_14 } from './istio-1.14.ts';
import { ISTIO_1_18 } from './istio-1.18.ts';
import { ISTIO_1_22 } from './istio-1.22.ts';
import { ISTIO_1_25 } from './istio-1.25.ts';
import type { Profile, ProfileName } from './types.ts';

const BY_NAME: { readonly [N in ProfileName]: Profile<N> } = {
  'istio-1.4': ISTIO_1_4,
  'istio-1.5': ISTIO_1_5,
  'istio-1.8': ISTIO_1_8,
  'istio-1.10': ISTIO_1_10,
  'istio-1.11': ISTIO_1_11,
  'istio-1.14': ISTIO_1_14,
  'istio-1.18': ISTIO_1_18,
  'istio-1.22': ISTIO_1_22,
  'istio-1.25': ISTIO_1_25,
};

/** Every profile, oldest release first. */
export const PROFILES: readonly Profile[] = Object.values(BY_NAME);

export const CLASSIC_PROFILE: ProfileName = 'istio-1.10';

function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(BY_NAME, name);
}

export function profileNamed(name: ProfileName): Profile {
  return BY_NAME[name];
}

/** The profile a user named (a CLI option, a docs placeholder), or undefined. */
export function findProfile(name: string): Profile | undefined {
  return isProfileName(name) ? BY_NAME[name] : undefined;
}

const parsed = new Map<ProfileName, Ruleset>();

/** The profile's IPv4 nat ruleset, parsed once. */
export function profileRuleset(profile: Profile): Ruleset {
  let rs = parsed.get(profile.name);
  if (!rs) {
    const dump = parseDumpOrThrow(profile.rulesText);
    rs = dump.rulesets[0]!;
    parsed.set(profile.name, rs);
  }
  return rs;
}
