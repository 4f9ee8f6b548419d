// "No capture is a finding": a dump whose rules capture nothing (the filter table only, a nat table without Istio's
// chains, Istio's chains that nothing jumps to) or not what the given configuration asks for is "not captured"
// (exit 5), never "holds"; every shared golden with its configuration is captured.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { fixture, ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

describe('a dump that captures nothing is not captured, never holds', () => {
  it.each([
    ['filter-only.iptables-S.txt', /no nat table \(only filter\): `iptables -S` lists the filter table only/],
    ['nat-without-istio.rules', /the nat table has no Istio chain/],
  ])('%s: exit 5, verdict not-captured, with why', async (name, why) => {
    const r = await runCli(['check', fixture(name), '--json']);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(r.code).toBe(5);
    expect(doc.verdict).toBe('not-captured');
    expect(doc.capture).toEqual([{ family: 'ipv4', kind: 'not-captured', why: expect.stringMatching(why) }]);
    const text = await runCli(['check', fixture(name)]);
    expect(text.code).toBe(5);
    expect(text.stdout).toMatch(/^not captured \(ipv4\): /m);
    expect(text.stdout).toMatch(/^verdict: not captured, .*\(exit 5\)$/m);
  });

  it('SARIF and JUnit show it too: a failing capture result and a failing capture test case', async () => {
    const sarif = await runCli(['check', fixture('filter-only.iptables-S.txt'), '--format', 'sarif']);
    expect(sarif.code).toBe(5);
    const run = JSON.parse(sarif.stdout).runs[0];
    expect(run.invocations[0].exitCode).toBe(5);
    const capture = run.results.filter((x: { ruleId: string }) => x.ruleId === 'capture');
    expect(capture).toHaveLength(1);
    expect(capture[0]).toMatchObject({ kind: 'fail', level: 'error', properties: { family: 'ipv4' } });
    expect(capture[0].message.text).toMatch(/^not captured \(ipv4\): the dump has no nat table/);
    expect(run.tool.driver.rules[capture[0].ruleIndex].id).toBe('capture');
    const junit = await runCli(['check', fixture('filter-only.iptables-S.txt'), '--format', 'junit']);
    expect(junit.code).toBe(5);
    expect(junit.stdout).toMatch(
      /<testcase name="capture" classname="sidecar-chains.ipv4">\n {6}<failure type="not-captured" message="the dump has no nat table/,
    );
    expect(junit.stdout).toMatch(/<testsuites name="sidecar-chains check" tests="\d+" failures="1" errors="0">/);
  });

  it("Istio's chains without the jumps to them: not captured, and the inferred intent's invariants fail (exit 1)", async () => {
    const r = await runCli(['check', fixture('istio-chains-unhooked.rules'), '--json']);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.capture[0]).toEqual({
      family: 'ipv4',
      kind: 'not-captured',
      why: 'the Istio chains exist but neither OUTPUT nor PREROUTING jumps to them, so no packet is ever captured',
    });
    expect(r.code).toBe(1);
    expect(doc.invariants.filter((i) => i.status === 'violated').map((i) => i.id)).toContain('outbound-once');
  });

  it('a configuration that captures, on a dump without capture: not captured, and the configured invariants fail', async () => {
    const r = await runCli([
      'check',
      fixture('nat-without-istio.rules'),
      '--istio-args',
      '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b *',
      '--json',
    ]);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.capture[0]?.kind).toBe('not-captured');
    expect(r.code).toBe(1);
    expect(doc.verdict).toBe('violated');
    const violated = doc.invariants.filter((i) => i.status === 'violated').map((i) => i.id);
    expect(violated).toEqual(expect.arrayContaining(['inbound-once', 'outbound-once']));
  });
});

describe('every shared golden with its configuration is captured, and nothing it switches off is doubted', () => {
  const configs = readdirSync(join(ISTIO_FIXTURES, 'configs')).filter((f) => f.endsWith('.json'));
  const goldens = new Set(readdirSync(join(ISTIO_FIXTURES, 'goldens')));
  const cases = configs.map((f) => f.replace(/\.json$/, '')).filter((n) => goldens.has(`${n}.golden`));
  it.each(cases)('%s', async (name) => {
    const r = await runCli([
      'check',
      join(ISTIO_FIXTURES, 'goldens', `${name}.golden`),
      '--config',
      join(ISTIO_FIXTURES, 'configs', `${name}.json`),
      '--invariant',
      'terminates',
      '--json',
    ]);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.capture.map((c) => c.kind)).toEqual(doc.rules.families.map(() => 'captured'));
    expect(r.code).not.toBe(5);
    // The configuration is the intent: what it switches off is not doubted (test/cli/capture-doubt.test.ts).
    expect(doc.captureOff).toEqual([]);
    expect(r.code).not.toBe(6);
  });
});
