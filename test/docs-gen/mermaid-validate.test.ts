import { describe, expect, it } from 'vitest';
import { validateMermaid } from '../../docs-gen/mermaid-validate.ts';
import { captureSequence, inboundFlow, outboundFlow } from './diagrams.ts';

describe('validateMermaid', () => {
  it('accepts flowcharts and sequence diagrams', async () => {
    expect(await validateMermaid([outboundFlow, captureSequence, inboundFlow])).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
  });

  it('rejects garbage and broken syntax with mermaid message, verdicts in input order', async () => {
    const verdicts = await validateMermaid([
      'this is not a diagram',
      outboundFlow,
      'flowchart LR\n  A -->',
      'sequenceDiagram\n  App->>: no target',
    ]);
    expect(verdicts.map((v) => v.ok)).toEqual([false, true, false, false]);
    const [garbage, , flow] = verdicts;
    expect(garbage).toMatchObject({ ok: false, error: expect.stringContaining('No diagram type detected') });
    expect(flow).toMatchObject({ ok: false, error: expect.stringContaining('Parse error') });
  });

  it('leaves no window or document global behind', async () => {
    await validateMermaid([outboundFlow]);
    expect('window' in globalThis).toBe(false);
    expect('document' in globalThis).toBe(false);
  });
});
