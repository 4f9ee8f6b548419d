// Issue 16: `npm pack` gives a tarball that installs on a machine without the clone and runs from there: compiled
// JavaScript only (no TypeScript source, no tsx at run time), a tight file list, and `sidecar-chains check
// --profile istio-1.25` answering from the installed prefix. The install needs only the four runtime dependencies
// (npm --prefer-offline takes them from npm's cache when it has them: no network then).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-tarball-'));
const prefix = join(dir, 'prefix');
let files: string[] = [];

beforeAll(async () => {
  // npm pack runs the prepack step (npm run build), so the tarball holds a fresh dist/.
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 1 << 26 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  await run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed!.filename)],
    { cwd: dir },
  );
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed CLI', () => {
  it('ships compiled JavaScript, the bin and the README, and nothing else', () => {
    expect(files).toContain('bin/sidecar-chains.js');
    expect(files).toContain('dist/cli/index.js');
    expect(files).toContain('package.json');
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const tops = new Set(files.map((f) => f.split('/')[0]));
    expect([...tops].sort()).toEqual(['README.md', 'bin', 'dist', 'package.json']);
  });

  it("imports no package at run time that is not a dependency (the docs toolchain's chunk aside)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const bundle = files.filter((f) => f.endsWith('.js') && f.startsWith('dist/') && !f.includes('/docs-gen-'));
    const imported = new Set<string>();
    for (const f of bundle) {
      const text = readFileSync(join(prefix, 'lib', 'node_modules', 'sidecar-chains', f), 'utf8');
      for (const m of text.matchAll(/(?:from |import\()"([^".][^"]*)"/g)) {
        const spec = m[1]!;
        if (!spec.startsWith('node:'))
          imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    // commander and ipaddr.js are bundled in (scripts/build-cli.ts) but stay dependencies for their licences; momoa
    // reads nft's JSON listings (model/nft/json-tree.ts), yaml the pod specs of --pod (scripts/cli/istio-input.ts).
    expect([...imported].sort()).toEqual(['@humanwhocodes/momoa', 'ajv', 'fast-check', 'yaml']);
    for (const name of imported) expect(Object.keys(pkg.dependencies)).toContain(name);
  });

  it('installs into a fresh prefix without tsx or TypeScript, and check --profile istio-1.25 runs from it', async () => {
    const installed = readdirSync(join(prefix, 'lib', 'node_modules', 'sidecar-chains', 'node_modules'));
    expect(installed).not.toContain('tsx');
    expect(installed).not.toContain('typescript');
    expect(installed).not.toContain('puppeteer');
    expect(installed).not.toContain('remark-parse');
    const bin = join(prefix, 'bin', 'sidecar-chains');
    const { stdout } = await run(bin, ['check', '--profile', 'istio-1.25'], { cwd: dir });
    expect(stdout).toMatch(/^verdict: 15 hold, 14 not applicable \(exit 0\)$/m);
    const version = await run(bin, ['--version'], { cwd: dir });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('the commands that need the docs toolchain say so instead of crashing', async () => {
    const bin = join(prefix, 'bin', 'sidecar-chains');
    const r = await run(bin, ['docs', '--check'], { cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in r ? r.code : 0).toBe(2);
    expect(r.stderr).toMatch(/^error: this needs the docs toolchain .*run it in a clone after npm ci$/m);
  });
});
