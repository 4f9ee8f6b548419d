// A counterexample as a Markdown review page (generated/counterexamples/), built as an mdast tree like every page.
import type { Root } from 'mdast';
import { type CounterexampleView, describeConnection } from '../../model/invariants/index.ts';
import { renderTraceText, traceToMermaid } from '../../model/trace/index.ts';
import { stringifyMarkdown } from '../markdown-processor.ts';
import { code, heading, inlineCode, paragraph, text } from '../mdast.ts';
import { withNotice } from '../notice.ts';

export function counterexamplePage(v: CounterexampleView, command: string): string {
  const strong = (label: string) => ({ type: 'strong' as const, children: [text(label)] });
  const tree: Root = {
    type: 'root',
    children: [
      heading(1, `Counterexample: ${v.invariant.id}`),
      paragraph(strong('Invariant.'), ` ${v.invariant.statement}`),
      paragraph(strong('Rules.'), ` ${v.rules}`),
      paragraph(strong('Connection.'), ` ${describeConnection(v.connection)}`),
      paragraph(strong('Why it fails.'), ` ${v.why}`),
      ...(v.replay
        ? [
            paragraph(
              strong('Replay.'),
              ' ',
              inlineCode(v.replay.command),
              ' (seed ',
              inlineCode(String(v.replay.seed)),
              ', path ',
              inlineCode(v.replay.path ?? ''),
              ')',
            ),
          ]
        : []),
      heading(2, 'Trace'),
      code('text', renderTraceText(v.trace).trimEnd()),
      heading(2, 'Sequence'),
      code('mermaid', traceToMermaid(v.trace).trimEnd()),
    ],
  };
  return withNotice(stringifyMarkdown(tree), v.rules, command);
}
