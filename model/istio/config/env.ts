// Env variables as istio-iptables reads them: each flag's own name (pkg/flag.BindEnv: the long name upper-cased, "-"
// as "_"), then the aliases of pkg/flag.AdditionalEnv, then the env-only settings of FillConfigFromEnvironment. A
// boolean that Go's strconv.ParseBool rejects is dropped by pflag (`_ = fs.Set(...)`), so the value stays as it was.
import { atLeast, type IstioVersion } from '../version.ts';
import { FIELD_NAMES, FIELDS } from './fields.ts';
import { FLAGS } from './flags.ts';
import type { ConfigIssue, InputRef } from './issues.ts';
import type { Provenance, RawConfig } from './raw.ts';
import { parseGoBool } from './values.ts';

export interface EnvVar {
  readonly name: string;
  readonly value: string;
  /** The container it was read from, for messages. */
  readonly container?: string;
}

export type EnvInput = readonly EnvVar[] | Readonly<Record<string, string>>;

export function envList(env: EnvInput): readonly EnvVar[] {
  return Array.isArray(env) ? env : Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** Env names of flags that do not change the rules, read and ignored (DRY_RUN, RECONCILE, …). */
const NEUTRAL = new Set(FLAGS.filter((f) => !f.field).map((f) => f.long.toUpperCase().replaceAll('-', '_')));

/** Names a sidecar commonly carries (proxyMetadata ends up in istio-init's env) that istio-iptables never reads. */
const FOREIGN =
  /^(ISTIO_META_(?!DNS_CAPTURE$)|ISTIO_AGENT_|PILOT_|ISTIO_KUBE_APP_PROBERS|POD_|INSTANCE_IP|SERVICE_ACCOUNT|HOST_IP|PROXY_CONFIG|CA_ADDR|TRUST_DOMAIN|ISTIO_BOOTSTRAP|ISTIO_CPU_LIMIT|GOMEMLIMIT|GOMAXPROCS|JWT_POLICY|PROV_CERT|OUTPUT_CERTS|BOOTSTRAP_XDS_AGENT|ENABLE_)/;

/**
 * Env variables that change the rules of some old versions in ways the model does not reproduce: DNS capture by env
 * in 1.6 (DNS_CAPTURE), 1.7 (ISTIO_META_DNS_CAPTURE, DNS_AGENT) and 1.8 (ISTIO_META_DNS_CAPTURE), with DNAT/SNAT or
 * ISTIO_REDIRECT rules (tools/istio-iptables/pkg/cmd/root.go and run.go at those tags), and 1.4's
 * DISABLE_REDIRECTION_ON_LOCAL_LOOPBACK, which drops the loopback redirect.
 */
const UNMODELLED: readonly { name: string; from: IstioVersion; to: IstioVersion; what: string }[] = [
  { name: 'DISABLE_REDIRECTION_ON_LOCAL_LOOPBACK', from: '1.4', to: '1.4', what: 'drops the loopback redirect rule' },
  { name: 'DNS_CAPTURE', from: '1.6', to: '1.6', what: 'turns on DNS capture to 15013' },
  { name: 'DNS_AGENT', from: '1.7', to: '1.7', what: 'turns on DNS capture by the agent (DNAT/SNAT)' },
  { name: 'ISTIO_META_DNS_CAPTURE', from: '1.7', to: '1.8', what: 'turns on DNS capture (DNAT/SNAT rules)' },
];

export function applyEnv(raw: RawConfig, provenance: Provenance, env: EnvInput, version: IstioVersion): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const vars = envList(env);
  const byName = new Map(vars.map((v) => [v.name, v]));
  const used = new Set<string>();
  for (const u of UNMODELLED) {
    const v = byName.get(u.name);
    if (!v || v.value === '' || v.value === 'false' || !atLeast(version, u.from) || !atLeast(u.to, version)) continue;
    used.add(u.name);
    issues.push({
      code: 'not-modelled',
      severity: 'error',
      input: { kind: 'env', name: v.name, value: v.value, ...(v.container ? { container: v.container } : {}) },
      message: `env ${v.name}=${JSON.stringify(v.value)}: in istio-iptables ${version} it ${u.what}, which the model does not reproduce`,
    });
  }
  for (const field of FIELD_NAMES) {
    const spec = FIELDS[field];
    for (const name of spec.env) {
      const v = byName.get(name);
      if (!v || used.has(name)) continue;
      used.add(name);
      const input: InputRef = { kind: 'env', name, value: v.value, ...(v.container ? { container: v.container } : {}) };
      if (!atLeast(version, spec.since)) {
        issues.push({
          code: 'ignored-input',
          severity: 'warning',
          field,
          input,
          message: `istio-iptables ${version} does not read ${name} (from ${spec.since}); ignored`,
        });
        continue;
      }
      if (spec.kind === 'bool') {
        const b = parseGoBool(v.value);
        if (!b.ok) {
          issues.push({
            code: 'bad-bool',
            severity: 'warning',
            field,
            input,
            message: `env ${name}=${JSON.stringify(v.value)}: ${b.reason}; istio-iptables ignores it`,
          });
          continue;
        }
        raw[field] = b.value;
      } else raw[field] = v.value;
      provenance[field] = input;
    }
  }
  for (const v of vars) {
    if (used.has(v.name) || NEUTRAL.has(v.name)) continue;
    if (v.name === 'ENVOY_USER') {
      issues.push({
        code: 'derived-value',
        severity: 'note',
        input: { kind: 'env', name: v.name, value: v.value },
        message: `env ENVOY_USER=${JSON.stringify(v.value)}: without -u, istio-iptables uses that user's uid, which the model cannot look up; give -u`,
      });
    } else if (!FOREIGN.test(v.name)) {
      issues.push({
        code: 'ignored-input',
        severity: 'note',
        input: { kind: 'env', name: v.name, value: v.value },
        message: `env ${v.name} is not read by istio-iptables; ignored`,
      });
    }
  }
  return issues;
}
