// The flags istio-iptables accepts (tools/istio-iptables/pkg/cmd/root.go, plus Istio's logging flags from
// pkg/log/options.go): the ones that change the rules come from fields.ts; the rest are accepted and do nothing to
// the rules. `since`/`until` are the minor versions whose istio-iptables knows the flag (cobra rejects the others).

import type { IstioVersion } from '../version.ts';
import { FIELD_NAMES, FIELDS } from './fields.ts';
import type { ConfigField } from './types.ts';

export interface FlagSpec {
  readonly long: string;
  readonly short?: string;
  /** A boolean flag takes no separate value word ("--redirect-dns", "--redirect-dns=false"). */
  readonly bool: boolean;
  readonly field?: ConfigField;
  readonly since: IstioVersion;
  readonly until?: IstioVersion;
}

const fieldFlags: FlagSpec[] = FIELD_NAMES.flatMap((field) => {
  const spec = FIELDS[field];
  if (!('flag' in spec)) return [];
  const flag = spec.flag as { long: string; short?: string };
  // The trace-logging flag outlived its effect by one release (root.go still binds it at 1.25.0).
  const until = field === 'traceLogging' ? '1.25' : undefined;
  return [{ ...flag, bool: spec.kind === 'bool', field, since: spec.since, ...(until ? { until } : {}) } as FlagSpec];
});

const other = (long: string, bool: boolean, short?: string): FlagSpec => ({
  long,
  bool,
  since: '1.4',
  ...(short ? { short } : {}),
});

/**
 * Flags that never change the rules (dry run, validation, reconciliation, logging). They are accepted whatever the
 * version: the model does not check which release first had each of them, and a wrong refusal would be worse.
 */
const otherFlags: FlagSpec[] = [
  other('dry-run', true, 'n'),
  other('restore-format', true),
  other('iptables-probe-port', false),
  other('probe-timeout', false),
  other('skip-rule-apply', true),
  other('run-validation', true),
  other('output-paths', false),
  other('network-namespace', false),
  other('cni-mode', true),
  other('host-nsenter-exec', true),
  other('iptables-version', false),
  other('reconcile', true),
  other('cleanup-only', true),
  other('force-apply', true),
  other('force-iptables-binary', false),
  other('help', true, 'h'),
  other('log_as_json', true),
  other('log_caller', false),
  other('log_output_level', false),
  other('log_rotate', false),
  other('log_rotate_max_age', false),
  other('log_rotate_max_backups', false),
  other('log_rotate_max_size', false),
  other('log_stacktrace_level', false),
  other('log_target', false),
];

export const FLAGS: readonly FlagSpec[] = [...fieldFlags, ...otherFlags];

export function findFlag(name: string): FlagSpec | undefined {
  return name.startsWith('--')
    ? FLAGS.find((f) => f.long === name.slice(2))
    : FLAGS.find((f) => f.short !== undefined && f.short === name.slice(1));
}

/** The known long flag nearest to a misspelt one (Levenshtein distance at most 3), for the error message. */
export function nearestFlag(name: string): string | undefined {
  const word = name.replace(/^-+/, '');
  let best: { long: string; d: number } | undefined;
  for (const f of FLAGS) {
    const d = distance(word, f.long);
    if (d <= 3 && (!best || d < best.d)) best = { long: f.long, d };
  }
  return best ? `--${best.long}` : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
