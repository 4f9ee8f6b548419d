// `diff` sides given as configurations: a configuration side is the rules its generator writes (iptables, or native
// nftables with --backend nftables), so a golden against its own configuration is equivalent and a configuration
// against rules with a change shows it; a side given twice, or a --backend with no configuration side, is exit 2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ISTIO_FIXTURES, runCli } from './helpers.ts';

const config = (name: string) => join(ISTIO_FIXTURES, 'configs', `${name}.json`);
const golden = (name: string) => join(ISTIO_FIXTURES, 'goldens', `${name}.golden`);
const DIR = mkdtempSync(join(tmpdir(), 'sidecar-chains-diff-sides-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('diff with configuration sides', () => {
  it('a golden against the rules its own configuration generates: equivalent, and the side says where it came from', async () => {
    const r = await runCli(['diff', '--old-config', config('basic-exclude-nic'), golden('basic-exclude-nic')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`old: generated from ${config('basic-exclude-nic')} (Istio `);
    expect(r.stdout).toMatch(/^ipv4: behaviourally equivalent over all \d+ classes$/m);
  });

  it('--old-istio-args against a configuration that excludes an outbound CIDR: the excluded traffic leaves uncaptured', async () => {
    const base = '-p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -b "*" -d 15090,15021,15020';
    const r = await runCli([
      'diff',
      '--old-istio-args',
      base,
      '--new-istio-args',
      `${base} -x 10.96.0.0/12`,
      '--old-istio-version',
      '1.25',
      '--new-istio-version',
      '1.25',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      families: { groups: { change: string; exitRuleOnly: boolean; connection: { dst: { addr: string } } }[] }[];
    };
    const fate = doc.families[0]!.groups.filter((g) => !g.exitRuleOnly);
    // The application's connection to an address in 10.96.0.0/12 went through Envoy's 15001; now it leaves directly.
    const uncaptured = fate.find((g) => g.change === 'via 15001, leaves the pod -> leaves the pod');
    expect(uncaptured?.connection.dst.addr).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
  });

  it('--backend nftables: a configuration against itself in both generators is equivalent per generator', async () => {
    const r = await runCli([
      'diff',
      '--old-config',
      config('basic-exclude-nic'),
      '--new-config',
      config('basic-exclude-nic'),
      '--backend',
      'nftables',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(Istio 1.31, native nftables)');
  });

  it('a configuration whose JSON is broken names the file (exit 2)', async () => {
    const bad = join(DIR, 'bad.json');
    writeFileSync(bad, '{"PROXY_PORT": ');
    const r = await runCli(['diff', '--old-config', bad, '--new-profile', 'istio-1.25']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
  });

  it.each([
    [
      ['diff', '--old-config', 'a.json', '--old-profile', 'istio-1.10', 'x.rules'],
      'OLD is given twice (--old-profile, --old-config)',
    ],
    [
      ['diff', '--old-profile', 'istio-1.10', '--new-profile', 'istio-1.11', '--backend', 'nftables'],
      '--backend applies to a configuration side',
    ],
    [['diff', '--new-pod', 'pod.yaml'], 'missing OLD: give a FILE, --old-profile NAME or a configuration'],
    [['diff', '--old-istio-version', '9.x', '--old-profile', 'istio-1.10', '--new-profile', 'istio-1.11'], '9.x'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('help lists the configuration sides', async () => {
    const r = await runCli(['diff', '--help']);
    for (const o of [
      '--old-config <file>',
      '--new-istio-args <args>',
      '--old-pod <file>',
      '--backend <backend>',
      '--markdown',
    ]) {
      expect(r.stdout).toContain(o);
    }
  });
});
