// `diff` for a person: both inputs, then per family either "behaviourally equivalent over all N classes" or each
// group of changed classes with its count, its simplest connection and that connection's trace under both rulesets;
// groups where only the deciding rule changed come last, briefly, so they do not drown the changes of fate; then the
// rule view: each rule added, removed or moved and the groups it affects (model/review/affects.ts: hit, alone, or
// with-others).
import { type DiffGroup, type WorldDiff, whoseConnections } from '../../../model/classes/index.ts';
import { describeConnection } from '../../../model/invariants/index.ts';
import { type RuleViewEntry, ruleWhere } from '../../../model/review/index.ts';
import { renderTraceText } from '../../../model/trace/index.ts';
import { type DiffOutcome, shownNumber } from '../diff-outcome.ts';
import { type CliIo, type Paint, painter } from '../io.ts';

function indent(text: string, by = 6): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 'es'}`;
}

function fateGroupLines(g: DiffGroup, n: number, paint: Paint): string[] {
  return [
    paint('bold', `  [${n}] ${whoseConnections(g)}: ${g.change}  (${plural(g.classes, 'class')})`),
    `      simplest connection: ${describeConnection(g.example)}`,
    ...(g.outcomes.length > 1
      ? [
          '      whole stories:',
          ...g.outcomes.map(
            (o) => `        ${o.before} -> ${o.after}  (${o.opener}'s hop; ${plural(o.classes, 'class')})`,
          ),
        ]
      : []),
    '      before:',
    indent(renderTraceText(g.oldTrace), 8),
    '      after:',
    indent(renderTraceText(g.newTrace), 8),
  ];
}

function exitRuleLines(g: DiffGroup, n: number): string[] {
  return [
    `  [${n}] ${g.change.replace(/ \(the deciding rules or hops differ\)$/, '')}  (${plural(g.classes, 'class')})`,
    `      simplest connection: ${describeConnection(g.example)}`,
    ...changedHops(g),
  ];
}

/** Only the hops whose deciding rule differs (the outcome keys are one `actor {rules} -> landing` per hop). */
function changedHops(g: DiffGroup): string[] {
  const before = g.before.split(' | ');
  const after = g.after.split(' | ');
  const out: string[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] === after[i]) continue;
    out.push(
      `      hop ${i + 1} before: ${before[i] ?? '(none)'}`,
      `      hop ${i + 1} after:  ${after[i] ?? '(none)'}`,
    );
  }
  return out;
}

/** The rule view: one line per rule added, removed or moved, and the groups (as numbered above) it affects. */
function ruleLines(d: WorldDiff, rules: readonly RuleViewEntry[]): string[] {
  if (rules.length === 0) return ['', '  rules: none added, removed or moved'];
  const out = ['', `  rules added, removed or moved (${rules.length}):`];
  for (const e of rules) {
    const groups = e.groups
      .map((g) => ({ n: shownNumber(d, g.group), how: g.how }))
      .sort((x, y) => x.n - y.n)
      .map((g) => `[${g.n}]${g.how === 'hit' ? '' : ` (${g.how})`}`);
    out.push(
      `    ${e.change.kind.padEnd(7)} ${ruleWhere(e.change)}: ${e.change.text}`,
      `            affects: ${groups.length > 0 ? groups.join(', ') : 'no group'}`,
    );
  }
  return out;
}

function familyLines(d: WorldDiff, rules: readonly RuleViewEntry[], paint: Paint): string[] {
  const out: string[] = [];
  const fate = d.groups.filter((g) => !g.exitRuleOnly);
  const exitOnly = d.groups.filter((g) => g.exitRuleOnly);
  const changed = d.groups.reduce((s, g) => s + g.classes, 0);
  if (d.groups.length === 0 && d.undetermined === 0 && d.sampled === null) {
    out.push(paint('green', `${d.family}: behaviourally equivalent over all ${plural(d.classes, 'class')}`));
  } else if (d.groups.length === 0) {
    out.push(
      paint('yellow', `${d.family}: no class changes fate among ${plural(d.classes, 'class')}, but not proved:`),
    );
  } else {
    out.push(paint('red', `${d.family}: ${changed} of ${plural(d.classes, 'class')} change`));
  }
  if (d.undetermined > 0) {
    out.push(
      `  undetermined: ${plural(d.undetermined, 'class')} meet a construct the model does not cover (never counted as equivalent)`,
    );
  }
  if (d.sampled !== null) out.push(`  sampled: ${d.sampled}`);
  let n = 0;
  if (fate.length > 0) {
    out.push('', `  fate changes (${fate.length} group${fate.length === 1 ? '' : 's'}):`);
    for (const g of fate) out.push(...fateGroupLines(g, ++n, paint), '');
  }
  if (exitOnly.length > 0) {
    out.push(
      '',
      `  exit rule only (${exitOnly.length} group${exitOnly.length === 1 ? '' : 's'}: same listeners, same end, another deciding rule):`,
    );
    for (const g of exitOnly) out.push(...exitRuleLines(g, ++n));
  }
  out.push(...ruleLines(d, rules));
  return out;
}

export function renderDiffText(o: DiffOutcome, io: CliIo): string {
  const paint = painter(io, io.stdout);
  const out = [`old: ${o.before.rules.label}`, `new: ${o.after.rules.label}`, ''];
  o.diffs.forEach((d, i) => {
    out.push(...familyLines(d, o.rules[i] ?? [], paint), '');
  });
  return `${out.join('\n').trimEnd()}\n`;
}
