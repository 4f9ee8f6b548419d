import { describe, expect, it } from 'vitest';
import { checkSvg } from '../../docs-gen/svg-check.ts';

const good = `<svg xmlns="http://www.w3.org/2000/svg" id="d"><style>#d .label text { fill: #333 } /* ISTIO_INBOUND */</style>
<g><text><tspan>REDIRECT</tspan><tspan>15001</tspan></text><text>ISTIO_OUTPUT</text></g></svg>`;

describe('checkSvg', () => {
  it('accepts a well-formed SVG that draws every label, across tspans', () => {
    expect(checkSvg(good, ['ISTIO_OUTPUT', 'REDIRECT 15001', '15001'])).toEqual({ ok: true, problems: [] });
  });

  it('does not count words that only appear in <style>', () => {
    const check = checkSvg(good, ['ISTIO_INBOUND', 'fill']);
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.code)).toEqual(['missing-label', 'missing-label']);
  });

  it.each([
    ['an unclosed element', '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'],
    ['an HTML-only entity', '<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;</text></svg>'],
    ['an HTML void tag', '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><br></foreignObject></svg>'],
    ['nothing', ''],
    ['text', 'Syntax error in text'],
  ])('rejects malformed XML: %s', (_what, svg) => {
    const check = checkSvg(svg, []);
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.code)).toEqual(['not-well-formed']);
  });

  it('rejects a well-formed document that is not SVG', () => {
    expect(checkSvg('<html><body>15001</body></html>', ['15001']).problems.map((p) => p.code)).toEqual(['not-svg']);
    expect(checkSvg('<svg><text>15001</text></svg>', ['15001']).problems.map((p) => p.code)).toEqual(['not-svg']);
  });
});
