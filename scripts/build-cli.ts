// `npm run build` (the prepack step of `npm pack` and `npm publish`): the CLI as JavaScript in dist/cli/, bundled with
// esbuild. Its own modules become one entry file plus a chunk per lazily loaded command (import() stays lazy), and
// the npm dependencies stay imports, resolved from node_modules. One file instead of ~150 saves the module loader's
// per-file work (resolve, stat, open, read) at every start. Types are checked by `npm run typecheck`, not here.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'cli');
/**
 * Bundled too: the CommonJS packages every start loads (an ESM import of CommonJS makes Node scan the file for its
 * export names). They stay dependencies, so an install still has their package and licence.
 */
const INLINED = new Set(['commander', 'ipaddr.js']);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !INLINED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
const result = await build({
  entryPoints: [join(ROOT, 'scripts', 'cli', 'index.ts')],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // The inlined CommonJS code calls require() for Node's built-ins; an ES module has none of its own.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
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
