// `npm run docs` regenerates generated/ (Markdown, .mmd, SVGs and the HTML site in generated/site/) from docs-src/;
// `npm run docs -- --check` only reports stale files; `--no-svg` never starts a browser. stderr gets one summary
// line, plus a progress line while diagrams are drawn when stderr is a terminal.
import { generateDocs } from '../docs-gen/index.ts';

const check = process.argv.includes('--check');
const noSvg = process.argv.includes('--no-svg');
const tty = process.stderr.isTTY === true;
// On a terminal, each write starts by erasing the progress line, so the summary replaces it.
const erase = tty ? '\r\x1b[K' : '';
try {
  const result = await generateDocs({
    check,
    ...(noSvg ? { svg: false } : {}),
    log: (line) => process.stderr.write(`${erase}${line}\n`),
    ...(tty
      ? { progress: (done, total, id) => process.stderr.write(`${erase}docs: drawing ${done}/${total} ${id}`) }
      : {}),
  });
  process.stderr.write(erase);
  if (check) {
    if (result.stale.length > 0) {
      process.stdout.write(
        `generated/ is stale (${result.stale.length} files): ${result.stale.join(', ')}\nfix: npm run docs\n`,
      );
      process.exit(1);
    }
    const svgs =
      result.svg === 'drawn'
        ? 'SVGs compared byte for byte'
        : `SVGs compared by their Mermaid hash only, not drawn: ${result.notDrawn}`;
    process.stdout.write(`generated/ is up to date (${svgs})\n`);
  }
} catch (e) {
  process.stderr.write(`${erase}${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
