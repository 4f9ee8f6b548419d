// Problems with a configuration are data: a code, a severity, the field, and the input exactly as the user wrote it
// (flag, env variable, JSON field, pod annotation or manifest path), so a message can quote it back.
import type { ConfigField } from './types.ts';

export type InputRef =
  /** `name` as written: "-x", "--istio-service-exclude-cidr" or "--istio-service-exclude-cidr=…". */
  | { readonly kind: 'flag'; readonly name: string; readonly value: string }
  | { readonly kind: 'env'; readonly name: string; readonly value: string; readonly container?: string }
  | { readonly kind: 'json'; readonly name: string; readonly value: unknown }
  | { readonly kind: 'annotation'; readonly name: string; readonly value: string }
  /** A place in a pod manifest, e.g. `spec.containers[istio-proxy].securityContext.runAsUser`. */
  | { readonly kind: 'manifest'; readonly path: string; readonly value?: unknown }
  /** `--dns-server` / the resolv.conf nameservers given beside a command line. */
  | { readonly kind: 'dns-server'; readonly value: string }
  | { readonly kind: 'command-line'; readonly column: number; readonly value: string };

export type ConfigIssueCode =
  | 'bad-port'
  | 'bad-number'
  | 'bad-owner'
  | 'bad-cidr'
  | 'bad-loopback-cidr'
  | 'bad-address'
  | 'bad-interface'
  | 'bad-bool'
  | 'bad-mode'
  | 'wildcard-exclude'
  | 'too-many-groups'
  | 'unknown-flag'
  | 'missing-value'
  | 'unexpected-argument'
  | 'unterminated-quote'
  | 'bad-json'
  | 'unknown-field'
  | 'not-a-pod'
  | 'no-capture-container'
  | 'ignored-input'
  /** An input the version reads but the model does not reproduce. */
  | 'not-modelled'
  | 'derived-value';

export interface ConfigIssue {
  readonly code: ConfigIssueCode;
  /** error: the input cannot be used; warning: Istio ignores or changes it; note: a value the model had to assume. */
  readonly severity: 'error' | 'warning' | 'note';
  readonly field?: ConfigField;
  readonly input?: InputRef;
  readonly message: string;
}

const quote = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));

/** How the input reads in a message: `annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/33"`. */
export function describeInput(input: InputRef): string {
  switch (input.kind) {
    case 'flag':
      return `${input.name} ${quote(input.value)}`;
    case 'env':
      return `env ${input.name}=${quote(input.value)}${input.container ? ` (container ${input.container})` : ''}`;
    case 'json':
      return `${input.name}: ${quote(input.value)}`;
    case 'annotation':
      return `annotation ${input.name}: ${quote(input.value)}`;
    case 'manifest':
      return input.value === undefined ? input.path : `${input.path}: ${quote(input.value)}`;
    case 'dns-server':
      return `DNS server ${quote(input.value)}`;
    case 'command-line':
      return `the command line at column ${input.column} (${quote(input.value)})`;
    default: {
      const never: never = input;
      return String(never);
    }
  }
}

export const hasConfigErrors = (issues: readonly ConfigIssue[]): boolean => issues.some((i) => i.severity === 'error');

/** One line per issue: `error[bad-cidr]: annotation …: "10.0.0.0/33" is not a CIDR …`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.severity}[${issue.code}]: ${issue.message}`;
}
