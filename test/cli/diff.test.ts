// `sidecar-chains diff` through the CLI on real pairs: consecutive profiles, a golden against itself reordered where
// order does not matter, istio-1.10 with the proxy's RETURN rules deleted, a construct the model does not cover
// (undetermined, exit 3), --json against its schema, and usage errors (exit 2).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ISTIO_FIXTURES, profileFiles, runCli, validJson } from './helpers.ts';

const PROFILE_FILES = profileFiles();
const DIR = mkdtempSync(join(tmpdir(), 'sidecar-chains-diff-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const f = join(DIR, name);
  writeFileSync(f, text);
  return f;
}

/** istio-1.10 without ISTIO_OUTPUT rules 4 and 7 (`--uid-owner 1337 -j RETURN`, `--gid-owner 1337 -j RETURN`). */
function withoutProxyReturns(): string {
  let n = 0;
  const kept = readFileSync(PROFILE_FILES['istio-1.10'], 'utf8')
    .split('\n')
    .filter((l) => !(l.startsWith('-A ISTIO_OUTPUT ') && [4, 7].includes(++n)));
  expect(n).toBe(9);
  return write('istio-1.10-no-returns.rules', kept.join('\n'));
}

interface DiffDoc {
  verdict: string;
  families: {
    family: string;
    classes: number;
    equivalent: boolean;
    undetermined: number;
    groups: {
      change: string;
      opener: string | null;
      exitRuleOnly: boolean;
      classes: number;
      connection: { dst: { port: number } };
    }[];
  }[];
}

describe('sidecar-chains diff', () => {
  it('istio-1.10 against istio-1.11: equivalent over every class, exit 0', async () => {
    const r = await runCli(['diff', '--old-profile', 'istio-1.10', '--new-profile', 'istio-1.11']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ipv4: behaviourally equivalent over all \d{4,} classes$/m);
  });

  it('a golden against itself with two inbound port rules swapped: equivalent', async () => {
    const golden = join(ISTIO_FIXTURES, 'goldens', 'inbound-ports-include.golden');
    const text = readFileSync(golden, 'utf8');
    const a = '-A ISTIO_INBOUND -p tcp --dport 32000 -j ISTIO_IN_REDIRECT';
    const b = '-A ISTIO_INBOUND -p tcp --dport 31000 -j ISTIO_IN_REDIRECT';
    expect(text).toContain(`${a}\n${b}\n`);
    const swapped = write('swapped.golden', text.replace(`${a}\n${b}\n`, `${b}\n${a}\n`));
    const r = await runCli(['diff', golden, swapped]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ipv4: behaviourally equivalent over all \d+ classes$/m);
  });

  it("istio-1.10 without rules 4 and 7: Envoy's outbound connections loop, one group with Envoy as its example", async () => {
    const r = await runCli(['diff', PROFILE_FILES['istio-1.10'], withoutProxyReturns()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fate changes');
    // One group whatever the loop's length: Envoy's own connections and the ones it forwards for the application.
    expect(r.stdout).toMatch(
      /\[1\] Envoy's connections \(and process's\): leaves the pod -> loops through 15001 {2}\(\d+ classes\)/,
    );
    expect(r.stdout).toContain('fate changes (3 groups)');
    expect(r.stdout.match(/connections[^\n]*: [^\n]*loops/g)).toHaveLength(1);
    const first = r.stdout.split('[1] ')[1]!;
    expect(first).toMatch(
      /\n\s+via 15001, leaves the pod -> via 15001 -> 15001 -> 15001, loops {2}\(envoy's hop; \d+ classes\)/,
    );
    expect(first).toContain('simplest connection: envoy (uid/gid 1337/1337) in the pod');
    expect(first).toMatch(/before:\n\s+disposition: left the pod/);
    expect(first).toMatch(/after:\n\s+disposition: loop/);
  });

  it('istio-1.14 -> istio-1.18: the 15008 classes change fate; the rewritten ISTIO_IN_REDIRECT rule is exit-rule-only', async () => {
    const r = await runCli(['diff', '--old-profile', 'istio-1.14', '--new-profile', 'istio-1.18', '--json']);
    expect(r.code).toBe(1);
    const doc = validJson<DiffDoc>('diff', r.stdout);
    expect(doc.verdict).toBe('differs');
    const v4 = doc.families.find((f) => f.family === 'ipv4')!;
    const fate = v4.groups.filter((g) => !g.exitRuleOnly);
    expect(fate.map((g) => g.change)).toEqual([
      'via 15006 -> 15008, delivered to envoy tunnel (HBONE) -> via 15008, delivered to envoy tunnel (HBONE)',
    ]);
    expect(fate[0]!.connection.dst.port).toBe(15008);
    expect(v4.groups.filter((g) => g.exitRuleOnly).length).toBeGreaterThan(0);
    const text = await runCli(['diff', '--old-profile', 'istio-1.14', '--new-profile', 'istio-1.18']);
    expect(text.stdout).toMatch(/exit rule only \(\d+ groups: same listeners, same end, another deciding rule\)/);
    expect(text.stdout).toContain('! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT');
  });

  it('the rule view in JSON (schema-valid) and text: the two removed RETURN rules, with the groups each affects', async () => {
    const r = await runCli(['diff', PROFILE_FILES['istio-1.10'], withoutProxyReturns(), '--json']);
    const doc = validJson<
      DiffDoc & {
        families: {
          rules: { kind: string; oldIndex?: number; text: string; groups: { group: number; how: string }[] }[];
        }[];
      }
    >('diff', r.stdout);
    const v4 = doc.families[0]!;
    expect(v4.rules.map((x) => [x.kind, x.oldIndex, x.text])).toEqual([
      ['removed', 4, '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN'],
      ['removed', 7, '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN'],
    ]);
    const loop =
      v4.groups.findIndex((g) => g.opener === 'Envoy' && g.change === 'leaves the pod -> loops through 15001') + 1;
    expect(loop).toBe(1);
    expect(loop).toBeGreaterThan(0);
    expect(v4.rules[0]!.groups).toContainEqual({ group: loop, how: 'hit' });
    expect(v4.rules[1]!.groups).toContainEqual({ group: loop, how: 'with-others' });
    const text = await runCli(['diff', PROFILE_FILES['istio-1.10'], withoutProxyReturns()]);
    expect(text.stdout).toContain(
      '  rules added, removed or moved (2):\n    removed nat ISTIO_OUTPUT old #4: -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN\n            affects: [1], [2], [3], [4]',
    );
    expect(text.stdout).toMatch(/removed nat ISTIO_OUTPUT old #7: .*\n\s+affects: \[1\] \(with-others\)/);
  });

  it('a rule the model does not cover: undetermined classes, never equivalent, exit 3', async () => {
    const text = readFileSync(PROFILE_FILES['istio-1.10'], 'utf8').replace(
      '-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN\n',
      '-A ISTIO_OUTPUT -m statistic --mode random --probability 0.5 -j RETURN\n-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN\n',
    );
    const f = write('statistic.rules', text);
    const r = await runCli(['diff', f, f]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^ {2}undetermined: \d+ classes meet a construct the model does not cover/m);
    expect(r.stdout).not.toContain('equivalent over all');
    const j = validJson<DiffDoc>('diff', (await runCli(['diff', f, f, '--json'])).stdout);
    expect(j.verdict).toBe('undetermined');
    expect(j.families[0]!.equivalent).toBe(false);
  });

  it.each([
    [['diff', '--old-profile', 'istio-1.10'], 'missing NEW: give a FILE, --new-profile NAME'],
    [['diff'], 'missing OLD: give a FILE, --old-profile NAME'],
    [
      ['diff', '--old-profile', 'istio-1.10', '--new-profile', 'istio-1.11', 'x.rules'],
      'too many rules inputs: x.rules',
    ],
    [['diff', '--old-profile', 'istio-9.99', '--new-profile', 'istio-1.11'], 'istio-9.99'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('help lists the exit codes', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3   no class changes, but some classes are undetermined');
    expect(r.stdout).toContain('--old-profile <name>');
  });
});
