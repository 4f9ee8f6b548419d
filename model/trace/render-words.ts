// The netfilter path of each hop in words, for the docs' traffic pages.

import { type RuleHit, tableLabel } from '../kernel/index.ts';
import { describeLanding, ep } from './describe.ts';
import type { Hop, Trace } from './types.ts';

function hitWords(h: RuleHit): string {
  if (h.kind === 'policy') return `falls to the ${h.chain} policy (${h.target})`;
  if (h.kind === 'return') return `reaches the end of ${h.chain} and returns`;
  const rule = `${tableLabel(h.table)} ${h.chain} rule ${h.index}`;
  switch (h.target) {
    case '':
      return `${rule} only counts it`;
    case 'RETURN':
      return `${rule} returns it to the calling chain`;
    case 'ACCEPT':
    case 'DROP':
    case 'REJECT':
      return `${rule} ${h.target === 'ACCEPT' ? 'accepts' : h.target === 'DROP' ? 'drops' : 'rejects'} it`;
    case 'REDIRECT':
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'TPROXY':
      return `${rule} applies ${h.target}`;
    default:
      return /^[A-Z]+$/.test(h.target) && !h.target.includes('_')
        ? `${rule} applies ${h.target}`
        : `${rule} jumps to ${h.target}`;
  }
}

function whoOpens(hop: Hop): string {
  const owner = hop.actor.owner ? ` (uid ${hop.actor.owner.uid}, gid ${hop.actor.owner.gid})` : '';
  return hop.actor.where === 'pod'
    ? `${hop.actor.label}${owner} connects from ${ep(hop.src)} to ${ep(hop.dst)}`
    : `${hop.actor.label} connects from ${ep(hop.src)} to ${ep(hop.dst)}, arriving on the pod's interface`;
}

export function hopInWords(hop: Hop): string {
  const parts: string[] = [whoOpens(hop)];
  let next = 0;
  for (const visit of hop.hooks) {
    const hits = hop.hits.slice(next, next + visit.hitCount);
    next += visit.hitCount;
    if (hits.length > 0) parts.push(`in ${visit.hook}, ${hits.map(hitWords).join(', then ')}`);
    else if (!visit.tables.some((t) => tableLabel(t) === 'nat'))
      parts.push(`${visit.hook} has no nat step for it (conntrack already holds its binding)`);
  }
  const nat =
    ep(hop.dstAfterNat) !== ep(hop.dst) ? `; NAT has rewritten the destination to ${ep(hop.dstAfterNat)}` : '';
  return `${parts.join('; ')}${nat}; it lands on ${describeLanding(hop.landed)}.`;
}

export function traceInWords(trace: Trace): string[] {
  return trace.hops.map((hop) => {
    const prefix = hop.relation === 'start' ? `Hop ${hop.n}: ` : `Hop ${hop.n} (${hop.cause}): `;
    return `${prefix}${hopInWords(hop)}`;
  });
}
