import fc from 'fast-check';
import type { Table } from 'mdast';
import { toString as textOf } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, stringifyMarkdown } from '../../docs-gen/markdown-processor.ts';
import { code, heading, inlineCode, link, list, paragraph, table } from '../../docs-gen/mdast.ts';
import { prop } from '../helpers/prop.ts';

/** Stringifies a one-table document, parses it back and returns the cell texts row by row. */
function roundTripCells(header: readonly string[], rows: readonly (readonly string[])[]): string[][] {
  const markdown = stringifyMarkdown({ type: 'root', children: [table(header, rows)] });
  const [node] = parseMarkdown(markdown).children;
  expect(node?.type).toBe('table');
  return (node as Table).children.map((row) => row.children.map((cell) => textOf(cell)));
}

// Characters that mean something to Markdown, GFM tables, HTML or directives, mixed with plain text.
const awkwardChar = fc.constantFrom(
  ...'|*_`\\<>&[]()!#:{}~-+=.\'"'.split(''),
  '&amp;',
  '&#x41;',
  '<!--',
  '-->',
  '```',
  '\n',
  ' ',
  'a',
  'é',
  '👍🏽',
);
const awkwardText = fc.oneof(
  fc.string({ unit: awkwardChar, maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

describe('table', () => {
  it('escapes |, * and < so the cell text parses back unchanged', () => {
    const cells = ['a | b', '*not emphasis*', '<etag> & </x>', '2*3*4', '-j ISTIO_OUTPUT'];
    expect(roundTripCells(['h1', 'h2', 'h3', 'h4', 'h5'], [cells])).toEqual([['h1', 'h2', 'h3', 'h4', 'h5'], cells]);
  });

  prop([fc.array(awkwardText, { minLength: 1, maxLength: 4 })])('any cell text round-trips', (cells) => {
    const header = cells.map((_, i) => `c${i}`);
    // GFM drops spaces and tabs at cell edges (the builder trims them up front); everything else must survive.
    expect(roundTripCells(header, [cells])[1]).toEqual(cells.map((cell) => cell.replace(/^[ \t]+|[ \t]+$/g, '')));
  });

  it('rejects rows whose length differs from the header', () => {
    expect(() => table(['a', 'b'], [['1']])).toThrow(/row 1 has 1 cells, the header has 2/);
    expect(() => table([], [])).toThrow(RangeError);
    expect(() => table(['a'], [], ['left', 'right'])).toThrow(RangeError);
  });

  it('keeps alignment and inline nodes', () => {
    const markdown = stringifyMarkdown({
      type: 'root',
      children: [
        table(['rule', 'link'], [[inlineCode('-j REDIRECT'), link('https://istio.io', 'Istio')]], ['left', 'right']),
      ],
    });
    expect(markdown).toBe(
      '| rule          |                      link |\n| :------------ | ------------------------: |\n| `-j REDIRECT` | [Istio](https://istio.io) |\n',
    );
  });
});

describe('other builders', () => {
  it('build the nodes remark-stringify expects', () => {
    const markdown = stringifyMarkdown({
      type: 'root',
      children: [
        heading(2, 'Chain ', inlineCode('ISTIO_OUTPUT')),
        paragraph('See ', link('https://istio.io/latest/docs/', 'the docs'), ' for *details*.'),
        list(['one', ['two ', inlineCode('2')], { blocks: [paragraph('three'), list(['nested'])] }]),
        list(['first', 'second'], true),
        code('mermaid', 'flowchart LR\n  A --> B'),
      ],
    });
    expect(markdown).toBe(
      [
        '## Chain `ISTIO_OUTPUT`',
        '',
        'See [the docs](https://istio.io/latest/docs/) for \\*details\\*.',
        '',
        '- one',
        '- two `2`',
        '- three',
        '  - nested',
        '',
        '1. first',
        '2. second',
        '',
        '```mermaid',
        'flowchart LR',
        '  A --> B',
        '```',
        '',
      ].join('\n'),
    );
  });
});
