// Way in 1: istio-iptables' configuration as JSON, with the field names of tools/common/config/config.go (the Go
// struct's json tags), as the fixtures in test/fixtures/istio/configs/ and Config.String() write it.
import { atLeast, type IstioVersion, NEWEST_VERSION } from '../version.ts';
import { FIELD_NAMES, FIELDS, type FieldSpec } from './fields.ts';
import type { ConfigIssue } from './issues.ts';
import { type ConfigResult, mergeIssues, parseRawConfig } from './parse.ts';
import { defaultRawConfig, type Provenance } from './raw.ts';
import type { ConfigField } from './types.ts';
import { parseGoBool } from './values.ts';

/** config.go fields (at some version) that do not change the rules: accepted and ignored. */
const IGNORED_FIELDS = new Set([
  'IPTABLES_PROBE_PORT',
  'PROBE_TIMEOUT',
  'DRY_RUN',
  'RESTORE_FORMAT',
  'SKIP_RULE_APPLY',
  'RUN_VALIDATION',
  'OUTPUT_PATH',
  'NETWORK_NAMESPACE',
  'CNI_MODE',
  'HOST_NSENTER_EXEC',
  'IPTABLES_VERSION',
  'HOST_IP',
  'RECONCILE',
  'CLEANUP_ONLY',
  'FORCE_APPLY',
  'FORCE_IPTABLES_BINARY',
]);

/** Whether istio-iptables at this version has the field (so its absence from the JSON is worth a note). */
function readsField(field: ConfigField, version: IstioVersion): boolean {
  const spec: FieldSpec = FIELDS[field];
  return atLeast(version, spec.since) && (spec.until === undefined || atLeast(spec.until, version));
}

export interface JsonOptions {
  /** The version whose defaults fill absent fields (the newest when not given). */
  readonly version?: IstioVersion;
}

export function configFromJson(input: string | unknown, options: JsonOptions = {}): ConfigResult {
  const issues: ConfigIssue[] = [];
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return {
        issues: [{ code: 'bad-json', severity: 'error', message: `not JSON: ${(e as Error).message}` }],
        provenance: {},
      };
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      issues: [
        {
          code: 'bad-json',
          severity: 'error',
          message: "expected a JSON object with the fields of istio-iptables' Config (PROXY_PORT, PROXY_UID, …)",
        },
      ],
      provenance: {},
    };
  }
  const record = data as Record<string, unknown>;
  const version = options.version ?? NEWEST_VERSION;
  const raw = defaultRawConfig(version);
  const provenance: Provenance = {};
  const known = new Set<string>(FIELD_NAMES.map((f) => FIELDS[f].json));
  const missing: string[] = [];
  for (const field of FIELD_NAMES) {
    const name = FIELDS[field].json;
    if (!(name in record)) {
      if (readsField(field, version)) missing.push(name);
      continue;
    }
    const value = record[name];
    const input = { kind: 'json', name, value } as const;
    const kind = FIELDS[field].kind;
    const bad = (expected: string) =>
      issues.push({
        code: 'bad-json',
        severity: 'error',
        field,
        input,
        message: `${name}: ${JSON.stringify(value)} is not ${expected}`,
      });
    if (kind === 'bool') {
      const text = typeof value === 'string' ? parseGoBool(value) : undefined;
      if (typeof value === 'boolean') raw[field] = value;
      else if (text?.ok) raw[field] = text.value;
      else {
        bad('true or false');
        continue;
      }
    } else if (kind === 'servers') {
      if (value === null) raw[field] = [];
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) raw[field] = value as string[];
      else {
        bad('a list of addresses or null');
        continue;
      }
    } else if (typeof value === 'string') raw[field] = value;
    else if (typeof value === 'number' && Number.isInteger(value)) raw[field] = String(value);
    else {
      bad('a string');
      continue;
    }
    provenance[field] = input;
  }
  for (const name of Object.keys(record)) {
    if (known.has(name) || IGNORED_FIELDS.has(name)) continue;
    issues.push({
      code: 'unknown-field',
      severity: 'warning',
      input: { kind: 'json', name, value: record[name] },
      message: `${name} is not a field of istio-iptables' Config; ignored`,
    });
  }
  if (!('PROXY_GID' in record) && 'PROXY_UID' in record) raw.proxyGid = raw.proxyUid;
  if (missing.length > 0) {
    issues.push({
      code: 'derived-value',
      severity: 'note',
      message: `absent, so istio-iptables' defaults are assumed: ${missing.join(', ')}`,
    });
  }
  return mergeIssues(issues, parseRawConfig(raw, provenance));
}
