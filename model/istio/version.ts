// Istio minor versions the model knows, from 1.4 (the oldest profile) to 1.31 (master at istio/istio 86c9f01, tagged
// 1.31.0-rc.0). Behaviour is modelled per minor version as of its X.Y.0 tag: a fix backported into a later patch
// release of the same minor is not modelled, and every place that depends on the version says so by citing the tag.

export const ISTIO_VERSIONS = [
  '1.4',
  '1.5',
  '1.6',
  '1.7',
  '1.8',
  '1.9',
  '1.10',
  '1.11',
  '1.12',
  '1.13',
  '1.14',
  '1.15',
  '1.16',
  '1.17',
  '1.18',
  '1.19',
  '1.20',
  '1.21',
  '1.22',
  '1.23',
  '1.24',
  '1.25',
  '1.26',
  '1.27',
  '1.28',
  '1.29',
  '1.30',
  '1.31',
] as const;

export type IstioVersion = (typeof ISTIO_VERSIONS)[number];

/** The newest version: istio/istio master at 86c9f01 (2026-08-22), whose goldens are in test/fixtures/istio/goldens. */
export const NEWEST_VERSION: IstioVersion = '1.31';

/** An inclusive range of minor versions, oldest first. */
export interface VersionRange {
  readonly from: IstioVersion;
  readonly to: IstioVersion;
}

const minor = (v: IstioVersion): number => Number(v.split('.')[1]);

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareVersions(a: IstioVersion, b: IstioVersion): number {
  return minor(a) - minor(b);
}

export const atLeast = (v: IstioVersion, since: IstioVersion): boolean => compareVersions(v, since) >= 0;

export function inRange(v: IstioVersion, range: VersionRange): boolean {
  return atLeast(v, range.from) && atLeast(range.to, v);
}

export function formatRange(range: VersionRange): string {
  if (range.from === range.to) return range.from;
  return range.to === NEWEST_VERSION ? `${range.from} or newer` : `${range.from} to ${range.to}`;
}

/** Consecutive versions folded into ranges (the input need not be sorted or unique). */
export function toRanges(versions: readonly IstioVersion[]): VersionRange[] {
  const sorted = [...new Set(versions)].sort(compareVersions);
  const ranges: VersionRange[] = [];
  for (const v of sorted) {
    const last = ranges.at(-1);
    if (last && minor(v) === minor(last.to) + 1) ranges[ranges.length - 1] = { from: last.from, to: v };
    else ranges.push({ from: v, to: v });
  }
  return ranges;
}

export type VersionParse =
  | { readonly ok: true; readonly version: IstioVersion; readonly patch?: string }
  | { readonly ok: false; readonly message: string };

const VERSION_TEXT = /^(?:istio-|v)?1\.(\d+)(?:\.(\d+)(?:-[0-9A-Za-z.-]+)?)?$/;

/**
 * Reads "1.22", "1.22.3", "v1.22.0", "1.22.0-beta.1" or "istio-1.22" (a profile name). The patch level is kept for
 * the record only: behaviour is modelled per minor version.
 */
export function parseIstioVersion(text: string): VersionParse {
  const m = VERSION_TEXT.exec(text.trim());
  const known = ISTIO_VERSIONS.find((v) => m && v === `1.${Number(m[1])}`);
  if (!m || !known) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} is not an Istio version the model knows (${ISTIO_VERSIONS[0]} to ${NEWEST_VERSION}, e.g. "1.22" or "1.22.3")`,
    };
  }
  return m[2] === undefined ? { ok: true, version: known } : { ok: true, version: known, patch: m[2] };
}
