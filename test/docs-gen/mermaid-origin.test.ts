import { describe, expect, it } from 'vitest';
import { distFile, MERMAID_ORIGIN } from '../../docs-gen/mermaid-origin.ts';

describe('distFile', () => {
  it("maps the page's module requests into mermaid's dist directory", () => {
    expect(distFile(`${MERMAID_ORIGIN}/mermaid.esm.min.mjs`)).toMatch(
      /node_modules\/mermaid\/dist\/mermaid\.esm\.min\.mjs$/,
    );
    expect(distFile(`${MERMAID_ORIGIN}/chunks/mermaid.esm.min/x.mjs`)).toMatch(
      /mermaid\/dist\/chunks\/mermaid\.esm\.min\/x\.mjs$/,
    );
  });

  it.each([
    'https://example.com/mermaid.esm.min.mjs',
    `${MERMAID_ORIGIN}/../../package.json`,
    `${MERMAID_ORIGIN}/..%2F..%2F..%2Fpackage.mjs`,
    `${MERMAID_ORIGIN}/mermaid.min.js`,
    'file:///etc/passwd',
  ])('serves nothing else: %s', (url) => {
    expect(distFile(url)).toBeNull();
  });
});
