// `diff --markdown`: the comparison of two rulesets as a review report to paste into a pull request, built as an
// mdast tree like every page. A summary (equivalent, or N changed groups over M classes, proved or sampled), then per
// family each group with a table of what changed, its simplest connection and the before/after sequence diagrams of
// that connection (model/trace's traceToMermaid, as on the docs pages), exit-rule-only groups briefly, and the rule
// view: every rule added, removed or moved with the groups it affects.
import type { BlockContent, Root } from 'mdast';
import { type DiffGroup, outcomeSummary, type WorldDiff, whoseConnections } from '../../model/classes/index.ts';
import { describeConnection } from '../../model/invariants/index.ts';
import type { RuleChange } from '../../model/review/index.ts';
import { traceToMermaid } from '../../model/trace/index.ts';
import { stringifyMarkdown } from '../markdown-processor.ts';
import { code, heading, inlineCode, paragraph, table, text } from '../mdast.ts';

export interface DiffReportFamily {
  readonly diff: WorldDiff;
  /** The groups in the order they are numbered (1-based) everywhere in the report. */
  readonly groups: readonly DiffGroup[];
  readonly rules: readonly {
    readonly change: RuleChange;
    /** `nat ISTIO_OUTPUT old #4 -> new #7` */
    readonly where: string;
    readonly groups: readonly { readonly n: number; readonly how: 'hit' | 'alone' | 'with-others' }[];
  }[];
}

export interface DiffReportInput {
  readonly old: string;
  readonly new: string;
  readonly verdict: 'equivalent' | 'differs' | 'undetermined';
  readonly families: readonly DiffReportFamily[];
}

const strong = (label: string) => ({ type: 'strong' as const, children: [text(label)] });
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function familySummary(f: DiffReportFamily): string {
  const d = f.diff;
  const fate = f.groups.filter((g) => !g.exitRuleOnly);
  const exitOnly = f.groups.length - fate.length;
  const changed = f.groups.reduce((s, g) => s + g.classes, 0);
  const proof =
    d.sampled !== null
      ? `sampled, not proved: ${d.sampled}`
      : d.undetermined > 0
        ? `not proved: ${plural(d.undetermined, 'class meets', 'classes meet')} a construct the model does not cover`
        : 'proved over every class';
  if (f.groups.length === 0) {
    return d.sampled === null && d.undetermined === 0
      ? `${d.family}: behaviourally equivalent over all ${plural(d.classes, 'class', 'classes')} (${proof}).`
      : `${d.family}: no class changes fate among ${plural(d.classes, 'class', 'classes')}, but ${proof}.`;
  }
  const groups = `${plural(fate.length, 'group changes', 'groups change')} fate${exitOnly > 0 ? `, ${plural(exitOnly, 'group only changes its', 'groups only change their')} deciding rule` : ''}`;
  return `${d.family}: ${changed.toLocaleString('en-US')} of ${plural(d.classes, 'class', 'classes')} change (${groups}; ${proof}).`;
}

/** Per hop, the outcome (actor, deciding rules, landing) before and after, for the hops that differ. */
function hopRows(g: DiffGroup): string[][] {
  const before = g.before.split(' => ')[0]!.split(' | ');
  const after = g.after.split(' => ')[0]!.split(' | ');
  const rows: string[][] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] !== after[i]) rows.push([`hop ${i + 1}`, before[i] ?? '(none)', after[i] ?? '(none)']);
  }
  return rows;
}

function groupBlocks(g: DiffGroup, n: number): BlockContent[] {
  const changeTable = table(
    ['', 'before', 'after'],
    [['fate', outcomeSummary(g.oldTrace), outcomeSummary(g.newTrace)], ...hopRows(g)],
  );
  const head = heading(
    4,
    `${n}. ${g.story === null ? `${outcomeSummary(g.oldTrace)}: another deciding rule` : `${whoseConnections(g)}: ${g.story.before} becomes ${g.story.after}`} (${plural(g.classes, 'class', 'classes')})`,
  );
  const example = paragraph(strong('Simplest connection.'), ' ', inlineCode(describeConnection(g.example)));
  if (g.exitRuleOnly) return [head, example, changeTable];
  return [
    head,
    example,
    changeTable,
    paragraph(strong('Before.')),
    code('mermaid', traceToMermaid(g.oldTrace).trimEnd()),
    paragraph(strong('After.')),
    code('mermaid', traceToMermaid(g.newTrace).trimEnd()),
  ];
}

function ruleBlocks(f: DiffReportFamily): BlockContent[] {
  const head = heading(3, `Rules added, removed or moved (${f.diff.family})`);
  if (f.rules.length === 0) return [head, paragraph('None: both sides hold the same rules in the same order.')];
  return [
    head,
    paragraph(
      'Affects: the groups whose simplest connection hits the rule; "alone": not hit, but this change by itself already changes that connection; "with others": only together with the other changes.',
    ),
    table(
      ['change', 'where', 'rule', 'affects'],
      f.rules.map((r) => [
        r.change.kind,
        r.where,
        inlineCode(r.change.text),
        r.groups.length === 0
          ? 'no group'
          : r.groups
              .map((g) => `${g.n}${g.how === 'hit' ? '' : ` (${g.how === 'alone' ? 'alone' : 'with others'})`}`)
              .join(', '),
      ]),
    ),
  ];
}

function familyBlocks(f: DiffReportFamily): BlockContent[] {
  const fate = f.groups.filter((g) => !g.exitRuleOnly);
  const exitOnly = f.groups.filter((g) => g.exitRuleOnly);
  const out: BlockContent[] = [heading(2, f.diff.family)];
  if (fate.length > 0) out.push(heading(3, 'Changes of fate'));
  fate.forEach((g) => {
    out.push(...groupBlocks(g, f.groups.indexOf(g) + 1));
  });
  if (exitOnly.length > 0) {
    out.push(
      heading(3, 'Exit rule only'),
      paragraph('Same listeners passed and same end; only the rule that decides a hop differs.'),
    );
    exitOnly.forEach((g) => {
      out.push(...groupBlocks(g, f.groups.indexOf(g) + 1));
    });
  }
  out.push(...ruleBlocks(f));
  return out;
}

export function diffReport(r: DiffReportInput): string {
  const verdict = {
    equivalent: 'behaviourally equivalent',
    differs: 'some traffic changes fate',
    undetermined: 'not proved equivalent',
  }[r.verdict];
  const tree: Root = {
    type: 'root',
    children: [
      heading(1, 'sidecar-chains diff'),
      paragraph(strong('Old.'), ' ', r.old),
      paragraph(strong('New.'), ' ', r.new),
      paragraph(strong('Verdict.'), ` ${verdict}.`),
      ...r.families.map((f) => paragraph(familySummary(f))),
      ...r.families.flatMap(familyBlocks),
    ],
  };
  return stringifyMarkdown(tree);
}
