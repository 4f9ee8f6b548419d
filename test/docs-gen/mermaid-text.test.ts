// Syntax-level checks; that the renderer draws these strings exactly is tested in svg-renderer.test.ts.
import { describe, expect, it } from 'vitest';
import { validateMermaid } from '../../docs-gen/mermaid-validate.ts';
import { flowchartLabel, sequenceText } from '../../model/trace/index.ts';

describe('sequenceText', () => {
  it('turns comment, statement and markup characters into mermaid entity codes', () => {
    expect(sequenceText('ISTIO_OUTPUT#9 a;b "q" <x> & :15001')).toBe(
      'ISTIO_OUTPUT#35;9 a#59;b #quot;q#quot; #lt;x#gt; #amp; :15001',
    );
  });

  it('yields messages mermaid parses', async () => {
    const text = `sequenceDiagram\n  participant App\n  App->>App: ${sequenceText('x;y #1 -->> z')}`;
    expect(await validateMermaid([text])).toEqual([{ ok: true }]);
  });

  it('refuses line breaks', () => {
    expect(() => sequenceText('a\nb')).toThrow(RangeError);
  });
});

describe('flowchartLabel', () => {
  it('quotes labels and keeps #, ; and brackets as they are', async () => {
    const label = flowchartLabel('ISTIO_OUTPUT#9 [a] {b} (c) | d;e');
    expect(label).toBe('"ISTIO_OUTPUT#9 [a] {b} (c) | d;e"');
    expect(await validateMermaid([`flowchart LR\n  A[${label}] -->|${label}| B`])).toEqual([{ ok: true }]);
  });

  it.each(['say "hi"', '<etag>', 'a --> b', 'x & y', 'ISTIO#35;', 'two\nlines'])(
    'refuses what it cannot draw faithfully: %j',
    (text) => {
      expect(() => flowchartLabel(text)).toThrow(RangeError);
    },
  );
});
