// The parser's warnings, grouped by kind: the first of each kind in full (with its excerpt), then how many more and
// on which lines. A node's dump with 300 unmodelled rules prints one block per kind, not 900 lines.
import { formatIssues, type Issue } from '../../../model/rules/index.ts';

/** Lines listed for the rest of a group before "…". */
const LINES_LISTED = 12;

export function warningGroups(warnings: readonly Issue[], text: string, label: string): string[] {
  const byKind = new Map<string, Issue[]>();
  for (const w of warnings) {
    const group = byKind.get(w.code);
    if (group) group.push(w);
    else byKind.set(w.code, [w]);
  }
  const out: string[] = [];
  for (const [code, group] of byKind) {
    const first = formatIssues([group[0]!], text, label).shown[0]!;
    out.push(first);
    if (group.length > 1) {
      const rest = group.slice(1).map((w) => w.line);
      const listed = rest.slice(0, LINES_LISTED).join(', ') + (rest.length > LINES_LISTED ? ', …' : '');
      out.push(`(${code}: ${group.length} in all; also on line${rest.length === 1 ? '' : 's'} ${listed})`);
    }
  }
  return out;
}
