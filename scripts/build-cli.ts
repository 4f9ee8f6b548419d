// `npm run build` (the prepack step of `npm pack` and `npm publish`): the CLI as JavaScript in dist/cli/, bundled with
// esbuild. Its own modules become one entry file plus a chunk per lazily loaded command (import() stays lazy), and
// the npm dependencies stay imports, resolved from node_modules. One file instead of ~150 saves the module loader's
// per-file work (resolve, stat, open, read) at every start. Types are checked by `npm run typecheck`, not here.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'cli');

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
const result = await build({
  entryPoints: [join(ROOT, 'scripts', 'cli', 'index.ts')],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
// Read at load time beside the module that reads it (docs-gen/site/build.ts), which now lives in a chunk.
copyFileSync(join(ROOT, 'docs-gen', 'site', 'style.css'), join(OUT, 'chunks', 'style.css'));
const outputs = Object.values(result.metafile.outputs);
const bytes = outputs.reduce((n, o) => n + o.bytes, 0);
process.stdout.write(`dist/cli: ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB\n`);
