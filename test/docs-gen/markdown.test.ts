import type { BlockContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { DocsError } from '../../docs-gen/errors.ts';
import { type DirectiveHandlers, expandDirectives } from '../../docs-gen/markdown.ts';
import { parseMarkdown } from '../../docs-gen/markdown-processor.ts';
import { code, heading, paragraph, table } from '../../docs-gen/mdast.ts';
import { outboundFlow } from './diagrams.ts';

const handlers: DirectiveHandlers = {
  trace: (attrs): BlockContent[] => [
    table(
      ['#', 'table', 'chain', 'rule'],
      [
        ['1', 'nat', 'OUTPUT', '-j ISTIO_OUTPUT'],
        ['2', 'nat', 'ISTIO_OUTPUT', `rule 9 for ${attrs.scenario ?? '?'}`],
      ],
    ),
    code('mermaid', outboundFlow),
  ],
};

const page = `# Outbound capture

How an app's connection reaches Envoy :15001.

::trace{scenario="app-to-remote"}

Done.
`;

const plain = `Title
=====

Some *emphasis*, __strong__, \`code\`, 2*3*4, a bare link http://example.com and a [link](https://istio.io).

* one
* two
    * nested

1) first
2) second

| a | b |
|:--|--:|
| x \\| y | <etag> |

\`\`\`sh
iptables -t nat -S
\`\`\`

***
`;

describe('expandDirectives', () => {
  it('replaces a leaf directive with its table and mermaid block', async () => {
    const out = await expandDirectives(page, 'docs-src/outbound.md', handlers);
    expect(out).toBe(`# Outbound capture

How an app's connection reaches Envoy :15001.

| # | table | chain        | rule                     |
| - | ----- | ------------ | ------------------------ |
| 1 | nat   | OUTPUT       | -j ISTIO_OUTPUT          |
| 2 | nat   | ISTIO_OUTPUT | rule 9 for app-to-remote |

\`\`\`mermaid
${outboundFlow}
\`\`\`

Done.
`);
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => expandDirectives(page, 'p.md', handlers)));
    expect(new Set(runs).size).toBe(1);
  });

  it('reaches a fixed point on plain Markdown after one normalising pass', async () => {
    const once = await expandDirectives(plain, 'plain.md', {});
    expect(await expandDirectives(once, 'plain.md', {})).toBe(once);
    // The normalisation keeps the stable style: '-' bullets, '*' emphasis, ATX headings, fences, '-' rules.
    expect(once).toContain('# Title');
    expect(once).toContain('- one');
    expect(once).toContain('2*3*4');
    expect(once).toContain('```sh\niptables -t nat -S\n```');
  });

  it('passes text directives through as written (ports and times in prose), with no colon escaped', async () => {
    const prose = 'Envoy :15001 and [::1]:15006 at 10:30, chain nat:PREROUTING, a:b{c} and x:y[z].\n';
    // Only `[`, which could open a link, is escaped; Python-Markdown (MkDocs) honours `\[` as GitHub does, while it
    // printed the `\:` that the directive serializer used to write before every colon.
    expect(await expandDirectives(prose, 'p.md', {})).toBe(
      'Envoy :15001 and \\[::1]:15006 at 10:30, chain nat:PREROUTING, a:b{c} and x:y\\[z].\n',
    );
  });

  it('writes no directive syntax: a directive node a handler returns is an error, not `\\:name`', async () => {
    const directive = { type: 'textDirective', name: 'port', attributes: {}, children: [] } as never;
    await expect(
      expandDirectives('a\n\n::swap\n', 'p.md', { swap: () => [paragraph('host', directive)] }),
    ).rejects.toThrow(/unknown node `textDirective`/);
  });

  it('replaces directives nested in lists and block quotes, several per parent', async () => {
    const nested = '- item\n\n  ::note{text="a"}\n\n  ::note{text="b"}\n\n> ::note{text="c"}\n';
    const out = await expandDirectives(nested, 'p.md', { note: (attrs) => [paragraph(`note ${attrs.text}`)] });
    expect(out).toBe('- item\n\n  note a\n\n  note b\n\n> note c\n');
  });

  it('passes attributes as strings and the place of the directive', async () => {
    const seen: unknown[] = [];
    await expandDirectives('text\n\n  ::probe{a="1" flag #x .y}\n', 'docs-src/x.md', {
      probe: (attrs, place) => {
        seen.push(attrs, place);
        return [heading(2, 'probed')];
      },
    });
    expect(seen).toEqual([
      { a: '1', flag: '', id: 'x', class: 'y' },
      { file: 'docs-src/x.md', line: 3, column: 3 },
    ]);
  });

  it('names file:line:column for an unknown directive', async () => {
    const error = await expandDirectives('# T\n\n::trcae{scenario="x"}\n', 'docs-src/outbound.md', handlers).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DocsError);
    expect(error).toMatchObject({ code: 'unknown-directive', file: 'docs-src/outbound.md', line: 3, column: 1 });
    expect((error as DocsError).message).toMatch(/^docs-src\/outbound\.md:3:1: error\[unknown-directive\]/);
    expect((error as DocsError).message).toContain('::trace');
  });

  it('does not treat Object.prototype names as handlers', async () => {
    await expect(expandDirectives('::constructor\n', 'p.md', {})).rejects.toMatchObject({ code: 'unknown-directive' });
  });

  it('rejects container directives, which swallow the page when left open', async () => {
    await expect(expandDirectives('a\n\n:::trace\nrest of page\n', 'p.md', handlers)).rejects.toMatchObject({
      code: 'container-directive',
      line: 3,
    });
  });

  it('rejects a label rather than dropping it', async () => {
    await expect(expandDirectives('::trace[label]{scenario="x"}\n', 'p.md', handlers)).rejects.toMatchObject({
      code: 'directive-label',
      line: 1,
    });
  });

  it('wraps a failing handler with its place and keeps the cause', async () => {
    const boom = new Error('no such scenario');
    const error = (await expandDirectives('x\n\n::trace{}\n', 'p.md', {
      trace: async () => {
        throw boom;
      },
    }).catch((e: unknown) => e)) as DocsError;
    expect(error).toMatchObject({ code: 'directive-failed', line: 3, cause: boom });
    expect(error.message).toContain('no such scenario');
  });

  it('produces Markdown that parses back to the built nodes', async () => {
    const out = await expandDirectives(page, 'p.md', handlers);
    const types = parseMarkdown(out).children.map((node) => node.type);
    expect(types).toEqual(['heading', 'paragraph', 'table', 'code', 'paragraph']);
  });
});
