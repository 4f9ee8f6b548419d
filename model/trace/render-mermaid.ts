// A trace as a Mermaid sequence diagram: a pure function of the trace, so docs and counterexamples agree.
import { ep, hitLabel } from './describe.ts';
import { sequenceText } from './mermaid-text.ts';
import type { Hop, HopReply, ListenerActorId, Trace } from './types.ts';

function participantOf(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}

function safe(text: string): string {
  return sequenceText(text);
}

/** The participant a listener's process is drawn as: the same names the hops' actors carry as senders. */
const LISTENER_PARTICIPANT = {
  app: 'application',
  envoy: 'Envoy',
  'pilot-agent': 'pilot-agent',
  'stub-resolver': 'stub resolver',
} as const satisfies Record<ListenerActorId, string>;

function receiver(hop: Hop): string {
  switch (hop.landed.kind) {
    case 'listener':
      return LISTENER_PARTICIPANT[hop.landed.actor];
    case 'left-pod':
      return hop.landed.to.startsWith('Service ') ? hop.landed.to.replace(/ \(.*\)$/, '') : hop.landed.to;
    default:
      return 'netfilter';
  }
}

function hopMessage(hop: Hop): string {
  const rules = hop.hits.filter((h) => h.kind === 'rule' && h.chain.startsWith('ISTIO')).map(hitLabel);
  const nat = ep(hop.dstAfterNat) !== ep(hop.dst) ? ` to ${ep(hop.dstAfterNat)}` : '';
  const landed =
    hop.landed.kind === 'listener'
      ? ` at :${hop.landed.local.port}`
      : hop.landed.kind === 'left-pod'
        ? ` via ${hop.landed.iface}`
        : ` (${hop.landed.kind})`;
  const zone = hop.conntrack ? ` [zone ${hop.conntrack.zone}]` : '';
  return safe(
    `${hop.n}. ${ep(hop.dst)} ${rules.length ? rules.join(' then ') : 'no ISTIO rule'}${nat}${landed}${zone}`,
  );
}

/** The answer's arrow back to the client: its source as the client sees it, its zone, and whether it arrives. */
function replyMessage(hop: Hop, r: HopReply): string {
  const zone = r.conntrack
    ? ` [zone ${r.conntrack.zone}, ${r.conntrack.lookup === 'new' ? 'new entry' : r.conntrack.lookup}]`
    : '';
  return safe(`${hop.n}. answer from ${ep(r.srcAfterNat)}${zone} ${r.outcome}`);
}

export function traceToMermaid(trace: Trace): string {
  const names: string[] = [];
  const add = (n: string) => {
    if (!names.includes(n)) names.push(n);
  };
  for (const hop of trace.hops) {
    add(hop.actor.label === 'process' ? 'process' : hop.actor.label);
    add(receiver(hop));
  }
  const lines = ['sequenceDiagram'];
  for (const n of names) lines.push(`  participant ${participantOf(n)} as ${safe(n)}`);
  for (const hop of trace.hops) {
    const from = participantOf(hop.actor.label);
    const to = participantOf(receiver(hop));
    const arrow = hop.landed.kind === 'listener' || hop.landed.kind === 'left-pod' ? '->>' : '-x';
    lines.push(`  ${from}${arrow}${to}: ${hopMessage(hop)}`);
    if (hop.reply)
      lines.push(`  ${to}${hop.reply.outcome === 'answered' ? '-->>' : '--x'}${from}: ${replyMessage(hop, hop.reply)}`);
  }
  if (trace.disposition.kind === 'loop') {
    const first = names[0] ?? 'netfilter';
    lines.push(`  Note over ${participantOf(first)}: ${safe(`LOOP: ${trace.disposition.description}`)}`);
  }
  return `${lines.join('\n')}\n`;
}
