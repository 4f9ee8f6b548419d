// A reused renderer (one browser launch for the whole file): determinism, errors and text fidelity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSvgRenderer, type SvgRenderer } from '../../docs-gen/render-svg.ts';
import { checkSvg } from '../../docs-gen/svg-check.ts';
import { flowchartLabel, sequenceText } from '../../model/trace/index.ts';
import { renderSuiteName, skipRendering } from './chromium-gate.ts';
import { captureSequence, inboundFlow, outboundFlow } from './diagrams.ts';

const items = [
  { id: 'flow-out', text: outboundFlow },
  { id: 'seq', text: captureSequence },
  { id: 'flow-in', text: inboundFlow },
];

// Every character class that has bitten mermaid labels: comment and statement markers, entities, tags, markup.
const awkward = 'ISTIO_OUTPUT#9 a;b "q" <etag> x&y &amp; #35; 2*3 [c] {d} (e) | -- --> %% : ` \\ ~';
const flowSafe = 'ISTIO_OUTPUT#9 a;b 2*3 [c] {d} (e) | -- %% : ` \\ ~ _x_ **y** #9 ;';

describe.skipIf(skipRendering)(`${renderSuiteName}: one page, many batches`, () => {
  let renderer: SvgRenderer;
  beforeAll(async () => {
    renderer = await openSvgRenderer();
  });
  afterAll(async () => {
    await renderer?.close();
  });

  it('renders the same bytes again, and in any order, on the same page', async () => {
    const first = await renderer.render(items);
    const again = await renderer.render(items);
    const reversed = await renderer.render([...items].reverse());
    expect(again).toEqual(first);
    expect([...reversed].reverse()).toEqual(first);
    for (const svg of first) expect(checkSvg(svg, []).ok).toBe(true);
  });

  it('catches text that mermaid drops: an unescaped # starts a comment in sequence diagrams', async () => {
    const [svg] = await renderer.render([{ id: 'raw', text: captureSequence }]);
    const check = checkSvg(svg!, ['ISTIO_OUTPUT#9 REDIRECT :15001']);
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.code)).toEqual(['missing-label']);
  });

  it('draws sequenceText and flowchartLabel text exactly as given', async () => {
    const svgs = await renderer.render([
      {
        id: 'msg',
        text: `sequenceDiagram\n  participant A as ${sequenceText(awkward)}\n  A->>A: ${sequenceText(awkward)}`,
      },
      { id: 'note', text: `sequenceDiagram\n  participant App\n  Note over App: ${sequenceText(awkward)}` },
      { id: 'labels', text: `flowchart LR\n  A[${flowchartLabel(flowSafe)}] -->|${flowchartLabel(flowSafe)}| B` },
    ]);
    expect(svgs.map((svg, i) => checkSvg(svg, [i === 2 ? flowSafe : awkward]).problems)).toEqual([[], [], []]);
  });

  it('names the diagram that fails, and the page keeps working', async () => {
    await expect(renderer.render([{ id: 'broken', text: 'flowchart LR\n  A -->' }])).rejects.toMatchObject({
      name: 'SvgRenderError',
      id: 'broken',
      message: expect.stringContaining('Parse error'),
    });
    const [svg] = await renderer.render([items[0]!]);
    expect(checkSvg(svg!, ['ISTIO_REDIRECT']).ok).toBe(true);
  });
});
