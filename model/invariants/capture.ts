// Whether the rules capture anything at all. A pod whose capture silently failed (istio-init never ran, its rules
// were flushed, the dump is of the filter table only) has nothing for the invariants to hold, so they would all be
// "not applicable" and the run would pass. This finding says it instead: such a dump is "not captured", never "holds".
// The capture is where istio-iptables puts it (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01): the
// nat table's OUTPUT jumps to ISTIO_OUTPUT, PREROUTING (nat, or mangle in TPROXY mode) to ISTIO_INBOUND.
import {
  type Chain,
  type Hook,
  isSidecarChain,
  isSidecarNatTable,
  type Ruleset,
  type SidecarChain,
  type Table,
} from '../ruleset/index.ts';
import type { Intent } from './intent.ts';

/** The capture check as a rule of its own, for the formats that list their rules (SARIF). */
export const CAPTURE_CHECK = {
  id: 'capture',
  statement:
    "The rules capture the pod's traffic into the sidecar (an Istio chain is reached from OUTPUT or PREROUTING), as the given configuration asks; without one, they switch no capture off that their version's default injection has.",
  scope: 'every family of the dump',
} as const;

export type CaptureFinding =
  | { readonly kind: 'captured'; readonly outbound: boolean; readonly inbound: boolean }
  | { readonly kind: 'not-captured'; readonly why: string };

/** The chains of `table` a packet entering at `hook` can walk: its base chains and every chain they jump to. */
export function reachableFrom(table: Table, hook: Hook): Chain[] {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  const seen = new Set<Chain>();
  const todo = table.chains.filter((c) => c.base?.hook === hook);
  for (let c = todo.pop(); c; c = todo.pop()) {
    if (seen.has(c)) continue;
    seen.add(c);
    for (const r of c.rules) {
      const t = r.target;
      if (t.kind !== 'jump' && t.kind !== 'goto') continue;
      const next = byName.get(t.chain);
      if (next) todo.push(next);
    }
  }
  return [...seen];
}

function reaches(rs: Ruleset, hook: Hook, roles: readonly SidecarChain[]): boolean {
  return rs.tables.some((t) => reachableFrom(t, hook).some((c) => roles.some((role) => isSidecarChain(c.name, role))));
}

const ALL_ROLES: readonly SidecarChain[] = ['inbound', 'output', 'redirect', 'in-redirect', 'tproxy', 'divert'];

function whyNothing(rs: Ruleset): string {
  const nat = rs.tables.filter(isSidecarNatTable);
  if (rs.tables.length === 0) return 'the dump has no table at all';
  if (nat.length === 0) {
    const names = rs.tables.map((t) => t.name).join(', ');
    return `the dump has no nat table (only ${names}): \`iptables -S\` lists the filter table only; Istio's capture is in the nat table (\`iptables-save\`, or \`iptables -t nat -S\`)`;
  }
  const hasChains = rs.tables.some((t) => t.chains.some((c) => ALL_ROLES.some((role) => isSidecarChain(c.name, role))));
  if (!hasChains) {
    return "the nat table has no Istio chain (ISTIO_OUTPUT, ISTIO_INBOUND, ISTIO_REDIRECT): istio-iptables did not run in this pod's network namespace, or its rules were removed";
  }
  return 'the Istio chains exist but neither OUTPUT nor PREROUTING jumps to them, so no packet is ever captured';
}

/**
 * What the rules capture, held to the intent when a configuration states one: a configuration that captures outbound
 * (or inbound) traffic while the rules capture none of it is "not captured" too, with the side that is missing.
 */
export function captureOf(rs: Ruleset, intent?: Intent): CaptureFinding {
  const outbound = reaches(rs, 'OUTPUT', ['output', 'redirect']);
  const inbound = reaches(rs, 'PREROUTING', ['inbound', 'in-redirect', 'tproxy', 'divert']);
  if (!outbound && !inbound) return { kind: 'not-captured', why: whyNothing(rs) };
  if (intent?.source === 'configuration') {
    if (intent.outboundCapture && !outbound) {
      return {
        kind: 'not-captured',
        why: 'the configuration captures outbound traffic, but no OUTPUT rule reaches ISTIO_OUTPUT or ISTIO_REDIRECT',
      };
    }
    if (intent.inboundCapture && !inbound) {
      return {
        kind: 'not-captured',
        why: 'the configuration captures inbound traffic (-b), but no PREROUTING rule reaches ISTIO_INBOUND',
      };
    }
  }
  return { kind: 'captured', outbound, inbound };
}
