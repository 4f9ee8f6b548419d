// `check` for a person: the rules and the pod, one line per invariant and family, then each violation's (and each
// undetermined verdict's) trace with the command that replays it, the dead rules, the parser's warnings, the verdict.

import { type CheckReport, describeConnection, type InvariantReport } from '../../../model/invariants/index.ts';
import { renderTraceText } from '../../../model/trace/index.ts';
import { type CheckOutcome, DOUBT_HEADLINE, isAccepted, statusCounts } from '../check-outcome.ts';
import { type CliIo, type Paint, painter } from '../io.ts';
import { replayCommand } from '../replay.ts';
import { inputLines } from './input-text.ts';
import { setupLines } from './istio-setup.ts';
import { warningGroups } from './warning-groups.ts';

const STATUS_STYLE = {
  holds: 'green',
  violated: 'red',
  undetermined: 'yellow',
  'not-applicable': 'dim',
} as const;

function statusWord(paint: Paint, status: InvariantReport['status']): string {
  const word = status === 'violated' ? 'VIOLATED' : status;
  return paint(STATUS_STYLE[status], word.padEnd(14));
}

function indent(text: string, by = '    '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
}

/** What the verdicts are quantified over, in one line. */
export function basisText(b: CheckReport['basis']): string {
  switch (b.kind) {
    case 'proved':
      return `proved over ${b.classes} classes (fields: ${b.fields.join('; ')})`;
    case 'sampled':
      return `sampled over ${b.classes} classes (${b.why})`;
    case 'domain':
      return `sampled (${b.why})`;
  }
}

/** The capture the rules switch off without a configuration saying so, per family (model/configured's captureDoubts). */
function doubtLines(o: CheckOutcome, paint: Paint): string[] {
  const out: string[] = [];
  for (const family of o.pod.families) {
    const doubts = o.session.doubts.filter((d) => d.family === family);
    if (doubts.length === 0) continue;
    out.push(
      paint('red', `capture switched off (${family}): ${DOUBT_HEADLINE}:`),
      ...doubts.map((d) => `  ${d.text}`),
      '',
    );
  }
  return out;
}

export function renderCheckText(o: CheckOutcome, io: CliIo): string {
  const paint = painter(io, io.stdout);
  const out: string[] = [...inputLines(o.rules, o.pod), ...setupLines(o.session, o.driftBehaviour), ''];
  if (!o.rules.rulesets.some((rs) => rs.tables.some((t) => t.chains.some((c) => /^istio[-_]/i.test(c.name))))) {
    out.push(
      paint(
        'yellow',
        `note: ${o.rules.label} has no Istio chain (ISTIO_*, istio-*): this is not an Istio sidecar's dump (a node's, or a pod without a sidecar?); the invariants below assume one`,
      ),
      '',
    );
  }
  if (o.rules.source === 'stdin') {
    out.push('note: the replay commands below read FILE: save the input you piped in to a file first', '');
  }
  const width = Math.max(...o.reports.flatMap((r) => r.invariants.map((i) => i.id.length)), 10);
  for (const report of o.reports) {
    out.push(
      paint(
        'bold',
        `${report.family}: ${report.invariants.length} invariants, ${report.connections} connections simulated`,
      ),
    );
    out.push(`  ${basisText(report.basis)}`);
    for (const inv of report.invariants) {
      const plural = inv.checked === 1 ? '' : 's';
      const detail =
        inv.status === 'holds'
          ? `${inv.checked} connection${plural} checked`
          : inv.status === 'violated'
            ? `violated by connection ${inv.checked} of its scope (the simplest; shown below)`
            : (inv.reason ?? '');
      const shown = isAccepted(o, report.family, inv) ? 'accepted by the baseline (shown below)' : detail;
      out.push(`  ${statusWord(paint, inv.status)}  ${inv.id.padEnd(width)}  ${shown}`);
    }
    out.push('');
  }
  for (const report of o.reports) {
    for (const inv of report.invariants) {
      const cx = inv.counterexample;
      if (!cx) continue;
      const heading = inv.status === 'violated' ? 'counterexample' : 'undetermined';
      const accepted = isAccepted(o, report.family, inv) ? `, accepted by ${o.baseline!.file}` : '';
      out.push(
        paint(inv.status === 'violated' ? 'red' : 'yellow', `${heading}: ${inv.id} (${report.family}${accepted})`),
      );
      out.push(`  invariant   ${inv.statement}`);
      out.push(`  connection  ${describeConnection(cx.connection)}`);
      out.push(`  why         ${cx.why}`);
      out.push(`  replay      ${replayCommand(o.rules, o.pod, cx.connection)}`);
      out.push('', indent(renderTraceText(cx.trace)), '');
    }
  }
  if (o.lint) {
    for (const report of o.reports) {
      if (report.deadRules.length === 0) continue;
      out.push(paint('bold', `dead rules (${report.family}; a lint, never fails the check)`));
      for (const d of report.deadRules) {
        out.push(`  ${d.table} ${d.chain} rule ${d.index}: ${d.rule}`);
        out.push(`    ${d.explanation}`);
      }
      out.push('');
    }
    for (const report of o.reports) {
      if (report.undecidedRules.length === 0) continue;
      out.push(
        paint('bold', `rules no walk reached that the lint cannot call dead (${report.family}; never fails the check)`),
      );
      for (const u of report.undecidedRules) {
        out.push(`  ${u.table} ${u.chain} rule ${u.index}: ${u.rule}`);
        out.push(`    cannot tell: ${u.why}`);
      }
      out.push('');
    }
  }
  if (o.rules.warnings.length > 0) {
    out.push(paint('bold', `warnings (${o.rules.warnings.length}, grouped by kind)`));
    for (const block of warningGroups(o.rules.warnings, o.rules.text, o.rules.label)) out.push(indent(block, '  '));
    out.push('');
  }
  for (const report of o.reports) {
    if (report.capture.kind !== 'not-captured') continue;
    out.push(paint('red', `not captured (${report.family}): ${report.capture.why}`), '');
  }
  out.push(...doubtLines(o, paint));
  const c = statusCounts(o);
  const notCaptured = o.reports.some((r) => r.capture.kind === 'not-captured');
  const parts = [
    notCaptured ? paint('red', 'not captured') : '',
    o.session.doubts.length > 0 ? paint('red', 'capture switched off') : '',
    c.violated > 0 ? paint('red', `${c.violated} violated`) : '',
    c.undetermined > 0 ? paint('yellow', `${c.undetermined} undetermined`) : '',
    `${c.holds} hold${c.holds === 1 ? 's' : ''}`,
    `${c.notApplicable} not applicable`,
  ].filter((p) => p !== '');
  if (o.baseline) {
    const found = c.violated + c.undetermined;
    out.push(
      `baseline: ${o.baseline.file} accepts ${c.accepted} of the ${found} finding${found === 1 ? '' : 's'}; ${found - c.accepted} new`,
    );
  }
  out.push(`verdict: ${parts.join(', ')} (exit ${o.exitCode})`);
  return `${out.join('\n')}\n`;
}
