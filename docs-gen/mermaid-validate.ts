// Syntax-checks mermaid text in Node with mermaid's own parser, no browser: ~2 s for the first call (loading mermaid),
// then ~5 ms a diagram. It checks syntax only; layout problems show up when rendering.
import type { Mermaid } from 'mermaid';

export type MermaidVerdict = { readonly ok: true } | { readonly ok: false; readonly error: string };

let loading: Promise<Mermaid> | undefined;

async function load(): Promise<Mermaid> {
  // mermaid's DOMPurify binds to `window` when its module is evaluated; in plain Node it then has no `addHook` and
  // flowcharts fail with "DOMPurify.addHook is not a function". So a jsdom window is installed for the import and the
  // previous globals are put back afterwards (diagram parsers loaded later do not need them; the tests cover that).
  const { JSDOM } = await import('jsdom');
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const globals = globalThis as { window?: unknown; document?: unknown };
  const saved = { window: globals.window, document: globals.document };
  const installed = saved.window === undefined;
  if (installed) {
    globals.window = window;
    globals.document = window.document;
  }
  try {
    const mermaid = (await import('mermaid')).default;
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    return mermaid;
  } finally {
    if (installed) {
      delete globals.window;
      if (saved.document === undefined) delete globals.document;
      else globals.document = saved.document;
    }
  }
}

/** One verdict per text, in order. Never throws for bad diagrams; the verdict carries mermaid's message. */
export async function validateMermaid(texts: readonly string[]): Promise<MermaidVerdict[]> {
  // A failed load is not cached, so a later call retries instead of repeating a stale error.
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  const mermaid = await loading;
  const verdicts: MermaidVerdict[] = [];
  for (const text of texts) {
    try {
      await mermaid.parse(text);
      verdicts.push({ ok: true });
    } catch (error) {
      verdicts.push({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return verdicts;
}
