// RawConfig -> IstioConfig, once: every value parsed by its kind, every failure an issue that quotes the input the
// user wrote, and the cross-field checks of tools/common/config/validation.go and capture/run.go.
import { FIELD_NAMES, FIELDS, type ValueKind } from './fields.ts';
import { type ConfigIssue, describeInput, type InputRef } from './issues.ts';
import type { Provenance, RawConfig, RawValue } from './raw.ts';
import type { ConfigField, IstioConfig } from './types.ts';
import {
  type Parsed,
  parseCidrSelection,
  parseCidrs,
  parseGroupSelection,
  parseInterfaces,
  parseLoopbackCidr,
  parseNumber,
  parseOwners,
  parsePort,
  parsePortSelection,
  parsePorts,
  parseServer,
} from './values.ts';

/** Istio's limit on ISTIO_OUTBOUND_OWNER_GROUPS (maxOwnerGroupsInclude in validation.go): one rule holds them all. */
export const MAX_OWNER_GROUPS_INCLUDE = 64;

export interface ConfigResult {
  /** Present iff no issue is an error. */
  readonly config?: IstioConfig;
  readonly issues: readonly ConfigIssue[];
  readonly provenance: Provenance;
}

const ISSUE_CODE: Partial<Record<ValueKind, ConfigIssue['code']>> = {
  port: 'bad-port',
  ports: 'bad-port',
  'port-selection': 'bad-port',
  number: 'bad-number',
  owners: 'bad-owner',
  groups: 'bad-owner',
  'group-selection': 'bad-owner',
  cidrs: 'bad-cidr',
  'cidr-selection': 'bad-cidr',
  interfaces: 'bad-interface',
  servers: 'bad-address',
  'loopback-cidr': 'bad-loopback-cidr',
};

function parseKind(field: ConfigField, kind: ValueKind, raw: RawValue): Parsed<unknown> {
  if (kind === 'bool') return { ok: true, value: raw === true };
  if (kind === 'servers') {
    const family = field === 'dnsServersV6' ? 'ipv6' : 'ipv4';
    const out: string[] = [];
    for (const s of Array.isArray(raw) ? raw : []) {
      const r = parseServer(s, family);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  const text = typeof raw === 'string' ? raw : String(raw);
  switch (kind) {
    case 'port':
      return parsePort(text);
    case 'number':
      return parseNumber(text);
    case 'owners':
    case 'groups':
      return parseOwners(text);
    case 'mode':
      return { ok: true, value: text === 'TPROXY' ? 'TPROXY' : 'REDIRECT' };
    case 'port-selection':
      return parsePortSelection(text);
    case 'ports':
      return parsePorts(text);
    case 'group-selection':
      return parseGroupSelection(text);
    case 'cidr-selection':
      return parseCidrSelection(text);
    case 'cidrs':
      // "*" is a wildcard to SeparateV4V6; as an exclusion it is refused by crossChecks with Istio's own message.
      return text === '*' ? { ok: true, value: [] } : parseCidrs(text);
    case 'interfaces':
      return parseInterfaces(text);
    case 'loopback-cidr':
      return parseLoopbackCidr(text);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The words naming an input in a message, falling back to the JSON field for a default value. */
function subject(field: ConfigField, input: InputRef | undefined, raw: RawValue): string {
  return input ? describeInput(input) : `${FIELDS[field].json} (default ${JSON.stringify(raw)})`;
}

export function parseRawConfig(raw: RawConfig, provenance: Provenance): ConfigResult {
  const issues: ConfigIssue[] = [];
  const values: Partial<Record<ConfigField, unknown>> = {};
  for (const field of FIELD_NAMES) {
    const kind = FIELDS[field].kind;
    const r = parseKind(field, kind, raw[field]);
    if (r.ok) values[field] = r.value;
    else {
      const input = provenance[field];
      issues.push({
        code: ISSUE_CODE[kind] ?? 'bad-number',
        severity: 'error',
        field,
        ...(input ? { input } : {}),
        message: `${subject(field, input, raw[field])}: ${r.reason}`,
      });
    }
  }
  crossChecks(raw, provenance, values, issues);
  if (issues.some((i) => i.severity === 'error')) return { issues, provenance };
  return { config: values as unknown as IstioConfig, issues, provenance };
}

/** A source's own issues (reading JSON, a command line, a manifest) before the parse's; an error drops the config. */
export function mergeIssues(before: readonly ConfigIssue[], result: ConfigResult): ConfigResult {
  const issues = [...before, ...result.issues];
  if (issues.some((i) => i.severity === 'error')) return { issues, provenance: result.provenance };
  return { ...result, issues };
}

function crossChecks(
  raw: RawConfig,
  provenance: Provenance,
  values: Partial<Record<ConfigField, unknown>>,
  issues: ConfigIssue[],
): void {
  const note = (field: ConfigField, code: ConfigIssue['code'], severity: ConfigIssue['severity'], message: string) => {
    const input = provenance[field];
    issues.push({ code, severity, field, ...(input ? { input } : {}), message });
  };
  // capture/run.go: `if ipv4RangesExclude.IsWildcard { return fmt.Errorf("invalid value for OUTBOUND_IP_RANGES_EXCLUDE") }`
  if (raw.outboundIpRangesExclude === '*') {
    note(
      'outboundIpRangesExclude',
      'wildcard-exclude',
      'error',
      `${subject('outboundIpRangesExclude', provenance.outboundIpRangesExclude, '*')}: "*" is not allowed (istio-iptables fails with "invalid value for OUTBOUND_IP_RANGES_EXCLUDE")`,
    );
  }
  const groups = values.ownerGroupsInclude as IstioConfig['ownerGroupsInclude'] | undefined;
  if (groups?.kind === 'list' && groups.items.length > MAX_OWNER_GROUPS_INCLUDE) {
    note(
      'ownerGroupsInclude',
      'too-many-groups',
      'error',
      `${subject('ownerGroupsInclude', provenance.ownerGroupsInclude, raw.ownerGroupsInclude)}: ${groups.items.length} groups; istio-iptables allows at most ${MAX_OWNER_GROUPS_INCLUDE}`,
    );
  }
  const mode = raw.interceptionMode;
  if (typeof mode === 'string' && !['', 'REDIRECT', 'TPROXY'].includes(mode)) {
    note(
      'interceptionMode',
      'bad-mode',
      'warning',
      `${subject('interceptionMode', provenance.interceptionMode, mode)}: istio-iptables treats every mode other than TPROXY as REDIRECT`,
    );
  }
  const inbound = values.inboundPortsInclude as IstioConfig['inboundPortsInclude'] | undefined;
  if (inbound?.kind === 'list' && raw.inboundPortsExclude !== '' && provenance.inboundPortsExclude) {
    note(
      'inboundPortsExclude',
      'ignored-input',
      'note',
      `${describeInput(provenance.inboundPortsExclude)} is ignored: excluded inbound ports only apply when the included ports are "*"`,
    );
  }
  if (groups?.kind === 'list' && raw.ownerGroupsExclude !== '' && provenance.ownerGroupsExclude) {
    note(
      'ownerGroupsExclude',
      'ignored-input',
      'note',
      `${describeInput(provenance.ownerGroupsExclude)} is ignored: excluded owner groups only apply when the included groups are "*"`,
    );
  }
  const servers = [...(raw.dnsServersV4 as string[]), ...(raw.dnsServersV6 as string[])];
  if (raw.captureAllDns === true && servers.length > 0) {
    note(
      'dnsServersV4',
      'ignored-input',
      'note',
      'the DNS servers are ignored: with --capture-all-dns istio-iptables does not read resolv.conf',
    );
  }
}
