// Fixture access for the istio stage's tests: Istio's goldens and the golden cases' configurations (test/fixtures/istio,
// provenance in its PROVENANCE.md), and the per-version default rules of the profiles.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigResult, configFromJson, type IstioConfig } from '../../model/istio/index.ts';
import { findProfile } from '../../model/profiles/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'istio');

/** The 18 golden cases (each has a .golden and a .json of the same name). */
export const GOLDEN_CASES: readonly string[] = readdirSync(join(FIXTURES, 'goldens'))
  .filter((f) => f.endsWith('.golden'))
  .map((f) => f.slice(0, -'.golden'.length))
  .sort();

export const readGolden = (name: string): string => readFileSync(join(FIXTURES, 'goldens', `${name}.golden`), 'utf8');
export const readConfigText = (name: string): string => readFileSync(join(FIXTURES, 'configs', `${name}.json`), 'utf8');
/** A profile's rules text (model/profiles: the nat table of the default injected sidecar of that release). */
export const readProfileRules = (version: string): string => {
  const profile = findProfile(`istio-${version}`);
  if (!profile) throw new Error(`no profile istio-${version}`);
  return profile.rulesText;
};

/** The 9 version profiles' versions. */
export const PROFILE_VERSIONS = ['1.4', '1.5', '1.8', '1.10', '1.11', '1.14', '1.18', '1.22', '1.25'] as const;

export function goldenConfig(name: string): IstioConfig {
  const result: ConfigResult = configFromJson(readConfigText(name));
  if (!result.config) throw new Error(`${name}.json: ${result.issues.map((i) => i.message).join('; ')}`);
  return result.config;
}

/** `{code, severity, field}` of each issue: tests assert these, and quote only the part of a message that names the input. */
export const codes = (r: ConfigResult) => r.issues.map((i) => ({ code: i.code, severity: i.severity, field: i.field }));
