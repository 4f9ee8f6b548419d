// The one-shot API: one browser launch for the whole file.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../docs-gen/chromium.ts';
import { renderSvgs, SvgRenderError } from '../../docs-gen/render-svg.ts';
import { checkSvg } from '../../docs-gen/svg-check.ts';
import { sequenceText } from '../../model/trace/index.ts';
import { renderSuiteName, skipRendering } from './chromium-gate.ts';
import { inboundFlow, outboundFlow } from './diagrams.ts';

const sequence = `sequenceDiagram
  participant App
  participant Envoy
  App->>Envoy: ${sequenceText('OUTPUT ISTIO_OUTPUT#9 REDIRECT :15001')}
  Envoy->>Envoy: ${sequenceText('ISTIO_OUTPUT#2 ISTIO_IN_REDIRECT :15006')}`;

const items = [
  { id: 'outbound', text: outboundFlow },
  { id: 'capture', text: sequence },
  { id: 'inbound', text: inboundFlow },
];

describe('renderer settings', () => {
  it('puppeteer-config.json (for mmdc) launches Chromium with the arguments renderSvgs uses, and no fixed path', () => {
    // The browser's path differs between machines: mmdc's puppeteer reads it from $PUPPETEER_EXECUTABLE_PATH.
    const config = JSON.parse(readFileSync(new URL('../../puppeteer-config.json', import.meta.url), 'utf8'));
    expect(config).toEqual({ args: [...CHROMIUM_ARGS] });
  });

  it('rejects ids that cannot be CSS ids, or repeat, before launching anything', async () => {
    await expect(renderSvgs([{ id: '1st', text: outboundFlow }])).rejects.toMatchObject({
      name: 'SvgRenderError',
      id: '1st',
    });
    await expect(
      renderSvgs([
        { id: 'a', text: outboundFlow },
        { id: 'a', text: inboundFlow },
      ]),
    ).rejects.toBeInstanceOf(SvgRenderError);
  });
});

describe.skipIf(skipRendering)(renderSuiteName, () => {
  let svgs: string[] = [];
  const progress: [number, number, string][] = [];

  beforeAll(async () => {
    svgs = await renderSvgs(items, { onProgress: (done, total, id) => progress.push([done, total, id]) });
  });

  it('returns one well-formed SVG per diagram, in order, with the labels drawn as text', () => {
    expect(svgs).toHaveLength(3);
    expect(checkSvg(svgs[0]!, ['OUTPUT', 'ISTIO_OUTPUT', 'ISTIO_REDIRECT', 'REDIRECT 15001', 'Envoy :15001'])).toEqual({
      ok: true,
      problems: [],
    });
    expect(
      checkSvg(svgs[1]!, ['App', 'Envoy', 'ISTIO_OUTPUT#9 REDIRECT :15001', 'ISTIO_OUTPUT#2 ISTIO_IN_REDIRECT :15006']),
    ).toEqual({ ok: true, problems: [] });
    expect(checkSvg(svgs[2]!, ['PREROUTING', 'ISTIO_INBOUND', 'REDIRECT 15006', 'Envoy :15006'])).toEqual({
      ok: true,
      problems: [],
    });
  });

  it('gives each SVG its item id, which also scopes its CSS', () => {
    const ids = svgs.map((svg) => new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document.documentElement.id);
    expect(ids).toEqual(['outbound', 'capture', 'inbound']);
  });

  it('reports progress after each diagram', () => {
    expect(progress).toEqual([
      [1, 3, 'outbound'],
      [2, 3, 'capture'],
      [3, 3, 'inbound'],
    ]);
  });
});
