// The package's version, read from its package.json: found by walking up from this file, because the sources
// (scripts/cli/) and the bundled CLI (dist/cli/ and dist/cli/chunks/) sit at different depths below it.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sidecar-chains' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: go up
    }
    if (dir.pathname === '/') return 'unknown';
  }
}
