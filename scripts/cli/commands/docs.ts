// `docs`: the docs generator, exactly as `npm run docs` runs it (scripts/docs.ts). Imported lazily: it pulls in the
// Markdown toolchain and, for SVGs, a browser, which no other command needs.
import { loadDocsToolchain } from '../docs-toolchain.ts';
import { CliError, EXIT } from '../exit.ts';
import type { CliIo } from '../io.ts';

export interface DocsCommandOptions {
  readonly check?: boolean;
  /** false with --no-svg. */
  readonly svg?: boolean;
}

export async function runDocs(o: DocsCommandOptions, io: CliIo): Promise<number> {
  const { generateDocs } = await loadDocsToolchain();
  let result: Awaited<ReturnType<typeof generateDocs>>;
  // Progress only on a terminal, on one line that each later write erases first (the summary replaces it).
  const erase = io.stderr.isTTY === true ? '\r\x1b[K' : '';
  try {
    result = await generateDocs({
      ...(o.check ? { check: true } : {}),
      ...(o.svg === false ? { svg: false } : {}),
      log: (line) => io.stderr.write(`${erase}${line}\n`),
      ...(erase !== ''
        ? {
            progress: (done: number, total: number, id: string) =>
              io.stderr.write(`${erase}docs: drawing ${done}/${total} ${id}`),
          }
        : {}),
    });
    io.stderr.write(erase);
  } catch (e) {
    io.stderr.write(erase);
    // Like scripts/docs.ts: the generator's errors (a docs-src file:line:col, a missing Chromium) are for the reader.
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  if (!o.check) return EXIT.ok;
  if (result.stale.length > 0) {
    io.stdout.write(
      `generated/ is stale (${result.stale.length} files): ${result.stale.join(', ')}\nfix: sidecar-chains docs\n`,
    );
    return EXIT.violated;
  }
  const svgs =
    result.svg === 'drawn'
      ? 'SVGs compared byte for byte'
      : `SVGs compared by their Mermaid hash only, not drawn: ${result.notDrawn}`;
  io.stdout.write(`generated/ is up to date (${svgs})\n`);
  return EXIT.ok;
}
