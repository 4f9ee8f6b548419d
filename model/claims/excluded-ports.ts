// The inbound ports the rules let through to INPUT without Envoy: ISTIO_INBOUND's RETURN rules on a destination port.
import type { Ruleset } from '../rules/types.ts';

export function excludedInboundPorts(ruleset: Ruleset): number[] {
  const chain = ruleset.tables.find((t) => t.name === 'nat')?.chains.find((c) => c.name === 'ISTIO_INBOUND');
  const ports: number[] = [];
  for (const rule of chain?.rules ?? []) {
    if (rule.target.kind !== 'return') continue;
    for (const m of rule.matches) {
      if (m.kind === 'port' && m.direction === 'destination' && !m.negated) {
        for (const r of m.ranges) for (let p = r.from; p <= r.to && p - r.from < 64; p++) ports.push(p);
      }
    }
  }
  return ports;
}
