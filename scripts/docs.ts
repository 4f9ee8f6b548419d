// `npm run docs` regenerates generated/ from docs-src/; `npm run docs -- --check` only reports stale files.
import { generateDocs } from '../docs-gen/index.ts';

const check = process.argv.includes('--check');
const noSvg = process.argv.includes('--no-svg');
try {
  const result = await generateDocs({
    check,
    ...(noSvg ? { svg: false } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (check) {
    if (result.stale.length > 0) {
      process.stdout.write(
        `generated/ is stale (${result.stale.length} files): ${result.stale.join(', ')}\nfix: npm run docs\n`,
      );
      process.exit(1);
    }
    process.stdout.write('generated/ is up to date\n');
  }
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
