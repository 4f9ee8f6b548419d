// A trace as plain text for terminals: one block per hop with every rule hit in an aligned table. Stable across runs.
import { tableLabel } from '../kernel/index.ts';
import { describeDisposition, describeLanding, ep, hitLabel, ownerText } from './describe.ts';
import type { Trace } from './types.ts';

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
    lines.push(`  landed     ${describeLanding(hop.landed)}${original}`);
  }
  return `${lines.join('\n')}\n`;
}
