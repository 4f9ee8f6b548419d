// Drift through diff: `check DUMP --config FILE` on a golden with a hand edit keeps drift's rule lines and adds which
// traffic changes fate between the configuration's generated rules and the dump (the class diff). Deleting the
// 31000 capture rule of inbound-ports-include stops capturing inbound 31000 (Envoy's 15006 is no longer passed);
// swapping the 32000 and 31000 rules, whose order does not matter, changes no fate: drift that is textual only.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

const DIR = mkdtempSync(join(tmpdir(), 'sidecar-chains-drift-behaviour-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const CONFIG = join(ISTIO_FIXTURES, 'configs', 'inbound-ports-include.json');
const GOLDEN = readFileSync(join(ISTIO_FIXTURES, 'goldens', 'inbound-ports-include.golden'), 'utf8');
const R32000 = '-A ISTIO_INBOUND -p tcp --dport 32000 -j ISTIO_IN_REDIRECT\n';
const R31000 = '-A ISTIO_INBOUND -p tcp --dport 31000 -j ISTIO_IN_REDIRECT\n';

function edited(name: string, text: string): string {
  expect(text).not.toBe(GOLDEN);
  const f = join(DIR, name);
  writeFileSync(f, text);
  return f;
}

interface Behaviour {
  family: string;
  classes: number;
  groups: { change: string; exitRuleOnly: boolean; classes: number; description: string }[];
}

describe('drift through diff (check --config)', () => {
  it('a capture rule deleted: the drift line names it and the inbound 31000 classes change fate', async () => {
    const dump = edited('deleted.golden', GOLDEN.replace(R31000, ''));
    const r = await runCli(['check', dump, '--config', CONFIG]);
    expect(r.stdout).toContain(
      'missing at nat ISTIO_INBOUND #3: -A ISTIO_INBOUND -p tcp -m tcp --dport 31000 -j ISTIO_IN_REDIRECT',
    );
    expect(r.stdout).toMatch(
      /^ {2}ipv4: \d+ of \d+ classes change fate \(proved over \d+ classes\):\n {4}via 15006 -> 31000, delivered to app :31000 -> via 31000, delivered to app :31000 {2}\(\d+ classes\), e\.g\. remote \(10\.250\.0\.3\) outside the pod -> 10\.250\.0\.2:31000\/tcp$/m,
    );
    const doc = validJson<{ istio: { drift: { behaviour: Behaviour[] } } }>(
      'check',
      (await runCli(['check', dump, '--config', CONFIG, '--json'])).stdout,
    );
    const fate = doc.istio.drift.behaviour[0]!.groups.filter((g) => !g.exitRuleOnly);
    expect(fate.map((g) => g.change)).toEqual([
      'via 15006 -> 31000, delivered to app :31000 -> via 31000, delivered to app :31000',
    ]);
  });

  it('two order-independent rules swapped: drift (exit 4), moved, and no traffic changes fate', async () => {
    const dump = edited('swapped.golden', GOLDEN.replace(R32000 + R31000, R31000 + R32000));
    const r = await runCli(['check', dump, '--config', CONFIG]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('moved from nat ISTIO_INBOUND #2 to #3');
    expect(r.stdout).toMatch(
      /^ {2}ipv4: no traffic changes fate because of the drift \(proved over \d+ classes\); the difference is textual only$/m,
    );
    const doc = validJson<{ istio: { drift: { behaviour: Behaviour[] } } }>(
      'check',
      (await runCli(['check', dump, '--config', CONFIG, '--json'])).stdout,
    );
    expect(doc.istio.drift.behaviour.map((b) => b.groups.filter((g) => !g.exitRuleOnly))).toEqual([[]]);
  });

  it('no drift: no behaviour is computed or printed', async () => {
    const golden = join(ISTIO_FIXTURES, 'goldens', 'inbound-ports-include.golden');
    const r = await runCli(['check', golden, '--config', CONFIG]);
    expect(r.stdout).toContain('istio:   configuration from');
    expect(r.stdout).not.toContain('drift:');
    expect(r.stdout).not.toContain('drift behaviour');
  });
});
