// Reduces a trace to the story the article tells: for each hop of the main chain (the first hop and its forwards),
// where netfilter saw it, which ISTIO_OUTPUT rule or ISTIO_INBOUND decision settled it, and where it landed.
import { isSidecarChain, isSidecarNatTable, type SidecarChain } from '../ruleset/index.ts';
import type { Hop, Trace } from './types.ts';

export type LandsOn = string;

export interface HopSummary {
  readonly hop: Hop;
  readonly entry: 'PREROUTING' | 'OUTPUT';
  /** The 1-based ISTIO_OUTPUT rule that decided the hop, or null if it never reached a deciding rule there. */
  readonly outputRule: number | null;
  /** What ISTIO_INBOUND decided for an arriving hop: an excluded port returns, anything else is redirected. */
  readonly inbound: 'return' | 'redirect' | null;
  /** The listener role it landed on (inbound-capture, outbound-capture, app, prometheus...), or left-pod etc. */
  readonly lands: LandsOn;
}

export function mainChain(trace: Trace): Hop[] {
  const chain: Hop[] = [];
  let current = trace.hops[0];
  while (current) {
    chain.push(current);
    const parent = current.n;
    current = trace.hops.find((h) => h.parent === parent && h.relation === 'forward');
  }
  return chain;
}

export function decidingRule(
  hop: Hop,
  chain: SidecarChain,
): { index: number; chain: string; target: string; rule: string } | null {
  const hit = hop.hits
    .filter((h) => isSidecarNatTable(h.table) && isSidecarChain(h.chain, chain) && h.kind === 'rule')
    .at(-1);
  return hit ? { index: hit.index, chain: hit.chain, target: hit.target, rule: hit.rule } : null;
}

export function summarizeHop(hop: Hop): HopSummary {
  const inboundRule = decidingRule(hop, 'inbound');
  return {
    hop,
    entry: hop.actor.where === 'outside' ? 'PREROUTING' : 'OUTPUT',
    outputRule: decidingRule(hop, 'output')?.index ?? null,
    inbound: inboundRule === null ? null : inboundRule.target === 'RETURN' ? 'return' : 'redirect',
    lands: hop.landed.kind === 'listener' ? hop.landed.role : hop.landed.kind,
  };
}

export function summarize(trace: Trace): HopSummary[] {
  return mainChain(trace).map(summarizeHop);
}
