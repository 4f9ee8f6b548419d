// What the generator models for a version, and what a version ignores. A configuration the model cannot reproduce
// at a version is refused with the reason (never guessed); an input the version does not read is a note, as
// istio-iptables of that version would silently do without it.
import { FIELD_NAMES, FIELDS } from '../config/fields.ts';
import type { ConfigIssue } from '../config/issues.ts';
import { parseRawConfig } from '../config/parse.ts';
import { fieldText } from '../config/print.ts';
import { defaultRawConfig } from '../config/raw.ts';
import type { IstioConfig } from '../config/types.ts';
import { atLeast, type IstioVersion } from '../version.ts';
import type { Features } from './features.ts';

/** Why the model cannot generate this configuration at this version (empty when it can). */
export function unsupportedReasons(c: IstioConfig, v: IstioVersion, f: Features): string[] {
  const reasons: string[] = [];
  if (c.nativeNftables && atLeast(v, '1.27')) {
    reasons.push(
      'the configuration asks for native nftables (--native-nftables): istio-iptables then writes nftables rules, which this iptables generator does not produce',
    );
  }
  if (!f.unifiedFamilies && c.enableIpv6) {
    reasons.push(
      `IPv6 rules before 1.12 came from a separate code path (handleInboundIpv6Rules in tools/istio-iptables/pkg/cmd/run.go at ${v}.0) that the model does not reproduce`,
    );
  }
  if (f.tproxy === 'none' && c.interceptionMode === 'TPROXY') {
    reasons.push(
      `TPROXY mode before 1.9 (--on-port was -p, and other mangle rules, in pkg/cmd/run.go at ${v}.0) is not modelled`,
    );
  }
  // REDIRECT_DNS exists from 1.9; before, it is an input the version does not read (versionNotes), and the
  // env-driven DNS capture of 1.6 to 1.8 is refused when the env is read (config/env.ts).
  return reasons;
}

const defaults = (v: IstioVersion): IstioConfig => parseRawConfig(defaultRawConfig(v), {}).config!;

/** Inputs set away from their default that this version does not read, or that no longer change its rules. */
export function versionNotes(c: IstioConfig, v: IstioVersion, f: Features): ConfigIssue[] {
  const notes: ConfigIssue[] = [];
  const given = fieldText(c);
  const base = fieldText(defaults(v));
  for (const field of FIELD_NAMES) {
    const spec = FIELDS[field];
    if (JSON.stringify(given[field]) === JSON.stringify(base[field]) || field === 'enableIpv6') continue;
    if (!atLeast(v, spec.since)) {
      notes.push({
        code: 'ignored-input',
        severity: 'warning',
        field,
        message: `${spec.json} is ignored: istio-iptables ${v} does not read it (it does from ${spec.since})`,
      });
    } else if ('until' in spec && spec.until && !atLeast(spec.until, v)) {
      notes.push({
        code: 'ignored-input',
        severity: 'warning',
        field,
        message: `${spec.json} no longer changes the rules in ${v} (it did until ${spec.until})`,
      });
    }
  }
  if (c.redirectDns && f.dns !== null) {
    const nothing = !c.captureAllDns && c.dnsServersV4.length === 0 && c.dnsServersV6.length === 0;
    if (nothing && f.dnsOffWithoutServers) {
      notes.push({
        code: 'derived-value',
        severity: 'note',
        field: 'redirectDns',
        message:
          'DNS capture is on, but with no DNS server and no --capture-all-dns istio-iptables turns it off ("DNS capture disabled")',
      });
    } else if (nothing) {
      notes.push({
        code: 'derived-value',
        severity: 'note',
        field: 'redirectDns',
        message: `DNS capture is on with no DNS server: istio-iptables ${v} writes the port-53 exceptions but no redirect`,
      });
    }
  }
  if (c.captureAllDns && !c.redirectDns) {
    notes.push({
      code: 'ignored-input',
      severity: 'note',
      field: 'captureAllDns',
      message: 'CAPTURE_ALL_DNS has no effect without REDIRECT_DNS',
    });
  }
  return notes;
}
