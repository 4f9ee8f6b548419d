// Issue 18: every option value is checked at the boundary; user input never reaches exit 70 or a hang.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sidecar-chains-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('counterexample --path and --out', () => {
  it("--path garbage is a usage error, not fast-check's stack", async () => {
    const r = await runCli([
      'counterexample',
      '--profile',
      'istio-1.10',
      '--invariant',
      'tunnel-bypass',
      '--path',
      'garbage',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected fast-check's replay path");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('--path 99:99:99, which replays nothing, says so (exit 2)', async () => {
    const r = await runCli([
      'counterexample',
      '--profile',
      'istio-1.10',
      '--invariant',
      'tunnel-bypass',
      '--path',
      '99:99:99',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: --path 99:99:99 does not replay a failure of this search: give the --seed, rules and pod options it was recorded with\n',
    );
  });

  it('--out /proc/nope ends with exit 2 instead of hanging in mkdir', async () => {
    const r = await runCli([
      'counterexample',
      '--profile',
      'istio-1.10',
      '--invariant',
      'tunnel-bypass',
      '--out',
      '/proc/nope',
      '--runs',
      '200',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot write \/proc\/nope\/istio-1\.10-tunnel-bypass\.md: /);
  }, 60_000);

  it('--out under a file is refused before the search', async () => {
    const r = await runCli([
      'counterexample',
      '--profile',
      'istio-1.10',
      '--invariant',
      'tunnel-bypass',
      '--out',
      '/etc/hostname/x',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --out /etc/hostname/x: /etc/hostname is not a folder\n');
  });

  it('--out creates missing folders, one level at a time', async () => {
    const out = join(tmp, 'a', 'b');
    const r = await runCli([
      'counterexample',
      '--profile',
      'istio-1.10',
      '--invariant',
      'tunnel-bypass',
      '--out',
      out,
      '--runs',
      '200',
    ]);
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual(['istio-1.10-tunnel-bypass.md']);
  }, 60_000);
});

describe('trace --dst', () => {
  it('an IPv4-mapped IPv6 destination is traced through the IPv4 rules, as the kernel does, and says so', async () => {
    const mapped = await runCli(['trace', '--profile', 'istio-1.10', '--dst', '[::ffff:10.0.0.1]:80', '--json']);
    const plain = await runCli(['trace', '--profile', 'istio-1.10', '--dst', '10.0.0.1:80', '--json']);
    expect(mapped.code).toBe(plain.code);
    expect(mapped.stdout).toBe(plain.stdout);
    expect(mapped.stderr).toContain('note: ::ffff:10.0.0.1 is IPv4-mapped');
    // The IPv4 nat OUTPUT chain is crossed (the profile has only IPv4 rules).
    expect(JSON.parse(plain.stdout).trace.hops[0].hits.length).toBeGreaterThan(0);
  });

  it.each([
    ['fd00:250::3:8080', '[fd00:250::3]:8080'],
    ['fd00::1', '[fd00::1]:8080'],
  ])('a bare IPv6 %s gets the hint %s', async (dst, hint) => {
    const r = await runCli(['trace', '--profile', 'istio-1.10', '--dst', dst]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`(e.g. ${hint})`);
  });
});
