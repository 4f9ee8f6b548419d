// The invariants whose scope only a configuration states (outbound exclusions and inclusions, listed inbound ports):
// each holds on the shared golden generated with that configuration, and each is killed by one hand-chosen mutant of
// that golden (a rule edited the way a real bug would), checked through the CLI with the configuration given.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-configured-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const golden = (name: string) => readFileSync(join(ISTIO_FIXTURES, 'goldens', `${name}.golden`), 'utf8');

async function check(name: string, text: string, invariant: string): Promise<CheckDoc> {
  const file = join(dir, `${name}-${invariant}.golden`);
  writeFileSync(file, text);
  const config = join(ISTIO_FIXTURES, 'configs', `${name}.json`);
  const r = await runCli(['check', file, '--config', config, '--invariant', invariant, '--json']);
  return validJson<CheckDoc>('check', r.stdout);
}

/** The golden with one line replaced; the line must be there (exactly once), or the mutant would be the original. */
function mutate(text: string, from: string, to: string): string {
  expect(text.split('\n').filter((l) => l === from)).toHaveLength(1);
  return text
    .split('\n')
    .map((l) => (l === from ? to : l))
    .join('\n');
}

const CASES = [
  {
    invariant: 'outbound-exclusions',
    golden: 'ip-range',
    // -x 1.1.0.0/16: its RETURN turned into a capture, as if the exclusion were written with the wrong target.
    from: '-A ISTIO_OUTPUT -d 1.1.0.0/16 -j RETURN',
    to: '-A ISTIO_OUTPUT -d 1.1.0.0/16 -j ISTIO_REDIRECT',
    why: /goes outbound-capture -> left-pod instead of left-pod/,
  },
  {
    invariant: 'outbound-inclusions',
    golden: 'ip-range',
    // -i 9.9.0.0/16: the capture loses its destination, so every address is captured.
    from: '-A ISTIO_OUTPUT -d 9.9.0.0/16 -j ISTIO_REDIRECT',
    to: '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
    why: /goes outbound-capture -> left-pod instead of left-pod/,
  },
  {
    invariant: 'outbound-inclusions',
    golden: 'outbound-ports-include',
    // -q 32000,31000 with -i '': the port condition lost, every port is captured.
    from: '-A ISTIO_OUTPUT -p tcp --dport 32000 -j ISTIO_REDIRECT',
    to: '-A ISTIO_OUTPUT -p tcp -j ISTIO_REDIRECT',
    why: /goes outbound-capture -> left-pod instead of left-pod/,
  },
  {
    invariant: 'inbound-ports',
    golden: 'inbound-ports-include',
    // -b 32000,31000: the port condition lost, every inbound port is captured.
    from: '-A ISTIO_INBOUND -p tcp --dport 32000 -j ISTIO_IN_REDIRECT',
    to: '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
    why: /hop 1 is redirected to .*:15006/,
  },
] as const;

describe('configuration-scoped invariants: hold on the golden, killed by one mutant', () => {
  it.each(CASES)('$invariant on $golden', async ({ invariant, golden: name, from, to, why }) => {
    const original = await check(name, golden(name), invariant);
    const v4 = original.invariants.find((i) => i.id === invariant && i.family === 'ipv4');
    expect(v4?.status).toBe('holds');
    expect(v4?.checked).toBeGreaterThan(0);
    const mutant = await check(name, mutate(golden(name), from, to), invariant);
    const broken = mutant.invariants.find((i) => i.id === invariant && i.family === 'ipv4');
    expect(broken?.status).toBe('violated');
    expect(broken?.counterexample?.why).toMatch(why);
  });

  it.each([
    ['outbound-exclusions', /excludes no outbound port or CIDR/],
    ['outbound-inclusions', /captures every outbound CIDR/],
    ['inbound-ports', /captures every inbound port/],
  ])('%s does not apply to the default injection (istio-1.25)', async (invariant, reason) => {
    const r = await runCli(['check', '--profile', 'istio-1.25', '--invariant', invariant, '--json']);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.invariants[0]?.status).toBe('not-applicable');
    expect(doc.invariants[0]?.reason).toMatch(reason);
  });

  it("istio-iptables' empty configuration captures nothing: the configuration says so, not the rules", async () => {
    const doc = await check('empty', golden('empty'), 'outbound-exclusions');
    expect(doc.invariants[0]?.reason).toBe("the configuration captures no outbound traffic (-i '' and no -q)");
  });
});
