// A trace as plain text for terminals: one block per hop with every rule hit in an aligned table. Stable across runs.
import { tableLabel, tupleText } from '../kernel/index.ts';
import { describeDisposition, describeLanding, ep, hitLabel, ownerText } from './describe.ts';
import type { Hop, HopConntrack, HopReply, Trace } from './types.ts';

/** A packet's conntrack view: the zone it was looked up in and what it found, then the entry as it stands. */
export function conntrackText(c: HopConntrack | null): string {
  if (c === null) return 'untracked';
  const e = c.entry;
  const entry = e ? `; entry ${tupleText(e.original)} / ${tupleText(e.reply)} in zone ${e.zone}, ${e.status}` : '';
  return `zone ${c.zone}, ${c.lookup === 'new' ? 'new entry' : c.lookup === 'none' ? 'no entry' : `found as ${c.lookup}`}, ${c.ctstate}${entry}`;
}

/** The answer to a hop's request, walked back to the client: who sends it, from where, its zone and its fate. */
function replyLines(r: HopReply): string[] {
  const lines = [`  answer     ${r.actor.label} ${ep(r.src)} -> ${ep(r.dst)}`];
  if (ep(r.srcAfterNat) !== ep(r.src) || ep(r.dstAfterNat) !== ep(r.dst))
    lines.push(`  after NAT  ${ep(r.srcAfterNat)} -> ${ep(r.dstAfterNat)} (the answer's source as the client sees it)`);
  lines.push(`  conntrack  ${conntrackText(r.conntrack)}`);
  const rows = r.hits.map((h) => [tableLabel(h.table), hitLabel(h), h.kind === 'rule' ? h.rule : `(${h.rule})`]);
  const [first, ...rest] = rows.length > 0 ? table(rows) : ['(no rule hit)'];
  lines.push(`  hits       ${first}`);
  for (const x of rest) lines.push(`             ${x}`);
  lines.push(`  outcome    ${r.outcome}${r.reason ? `: ${r.reason}` : ''}`);
  return lines;
}

function conntrackLine(hop: Hop): string[] {
  return hop.conntrack ? [`  conntrack  ${conntrackText(hop.conntrack)}`] : [];
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function renderTraceText(trace: Trace): string {
  const lines = [`disposition: ${describeDisposition(trace.disposition)}`];
  for (const hop of trace.hops) {
    lines.push('');
    const rel = hop.relation === 'start' ? '' : ` (${hop.relation} from hop ${hop.parent})`;
    lines.push(`hop ${hop.n}${rel}: ${hop.actor.label}, ${ownerText(hop)}, ${hop.protocol}/${hop.family}`);
    if (hop.relation !== 'start') lines.push(`  why        ${hop.cause}`);
    lines.push(`  socket     ${ep(hop.src)} -> ${ep(hop.dst)}`);
    if (ep(hop.srcAfterNat) !== ep(hop.src) || ep(hop.dstAfterNat) !== ep(hop.dst)) {
      lines.push(`  after NAT  ${ep(hop.srcAfterNat)} -> ${ep(hop.dstAfterNat)}`);
    }
    const path = hop.hooks.map((h) => `${h.hook}[${h.tables.map(tableLabel).join(',') || '-'}]`).join(' ');
    lines.push(`  hooks      ${path || '(none: the packet never reached netfilter)'}`);
    const rows = hop.hits.map((h) => [tableLabel(h.table), hitLabel(h), h.kind === 'rule' ? h.rule : `(${h.rule})`]);
    const [first, ...rest] = rows.length > 0 ? table(rows) : ['(no rule hit)'];
    lines.push(`  hits       ${first}`);
    for (const r of rest) lines.push(`             ${r}`);
    const original =
      hop.landed.kind === 'listener' && ep(hop.landed.originalDst) !== ep(hop.landed.local)
        ? ` (original destination ${ep(hop.landed.originalDst)})`
        : '';
    lines.push(...conntrackLine(hop));
    lines.push(`  landed     ${describeLanding(hop.landed)}${original}`);
    if (hop.reply) lines.push(...replyLines(hop.reply));
  }
  return `${lines.join('\n')}\n`;
}
