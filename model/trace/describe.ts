// Short words for dispositions, hits and hops, shared by the text, Markdown and Mermaid renderings.
import { type RuleHit, tableLabel } from '../kernel/index.ts';
import { endpointText } from './endpoint.ts';
import type { Disposition, Hop, Landing } from './types.ts';

/** `10.0.0.1:80`, `[fd00::1]:80`, `-:40001` for a source the kernel never chose. */
export const ep = endpointText;

export function describeDisposition(d: Disposition): string {
  switch (d.kind) {
    case 'delivered':
      return `delivered to ${d.to} (${d.listener}, port ${d.port})`;
    case 'left-pod':
      return `left the pod to ${d.to}`;
    case 'refused':
      return `refused: nothing listens on ${ep(d.dst)}`;
    case 'dropped':
      return `dropped: ${d.reason}`;
    case 'loop':
      return `loop: ${d.description}`;
    case 'undetermined':
      return `undetermined: ${d.reason}${d.at ? ` at ${tableLabel(d.at.table)} ${d.at.chain} rule ${d.at.index}` : ''}`;
  }
}

/** TRACE-style step name: `ISTIO_OUTPUT#9`, `OUTPUT:policy`, `ISTIO_INBOUND:return`. */
export function hitLabel(h: RuleHit): string {
  if (h.kind === 'policy') return `${h.chain}:policy`;
  if (h.kind === 'return') return `${h.chain}:return`;
  return `${h.chain}#${h.index}`;
}

export function ownerText(hop: Hop): string {
  return hop.actor.owner ? `uid/gid ${hop.actor.owner.uid}/${hop.actor.owner.gid}` : 'no local socket owner';
}

/** The rules that decided the hop, without the policy and return bookkeeping. */
export function decisiveHits(hop: Hop): RuleHit[] {
  return hop.hits.filter((h) => h.kind === 'rule');
}

/** Where a hop ended, in a few words. */
export function describeLanding(l: Landing): string {
  switch (l.kind) {
    case 'listener':
      return `${l.listener} (${endpointText(l.local)})`;
    case 'left-pod':
      return `${l.to} via ${l.iface}`;
    case 'refused':
      return `refused at ${endpointText(l.dst)}`;
    case 'dropped':
      return `dropped: ${l.reason}`;
    case 'undetermined':
      return `undetermined: ${l.reason}`;
  }
}
