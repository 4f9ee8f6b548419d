// The interface invariants (-c excluded, -k virtual): each holds on the rules istio-iptables writes for its
// configuration, and each is killed by mutants that drop or widen one of the interface rules. The -c rules come from
// the generator (no shared golden captures anything beside -c); the -k ones are the shared kube-virt golden.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-interfaces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXCLUDE_ARGS = '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b * -d 15090,15021,15020 -c net1';
const VIRT_CIDR_ARGS = '-p 15001 -z 15006 -u 1337 -m REDIRECT -i 10.251.0.0/16 -b * -d 15090,15021,15020 -k eth1';

async function generated(args: string): Promise<string> {
  const r = await runCli(['generate', '--istio-args', args, '--format', 'iptables-save']);
  expect(r.code).toBe(0);
  return r.stdout;
}

let n = 0;
async function check(text: string, config: string[], invariant: string): Promise<CheckDoc['invariants'][number]> {
  const file = join(dir, `rules-${n++}.txt`);
  writeFileSync(file, text);
  const r = await runCli(['check', file, ...config, '--invariant', invariant, '--json']);
  const doc = validJson<CheckDoc>('check', r.stdout);
  const found = doc.invariants.find((i) => i.id === invariant && i.family === 'ipv4');
  expect(found).toBeDefined();
  return found!;
}

/** The rules with one line removed or replaced; the line must be there exactly once. */
function mutate(text: string, from: string, to: string | null): string {
  const lines = text.split('\n');
  expect(lines.filter((l) => l === from)).toHaveLength(1);
  return lines.flatMap((l) => (l !== from ? [l] : to === null ? [] : [to])).join('\n');
}

describe('excluded-interfaces (-c net1, capture on)', () => {
  const config = ['--istio-args', EXCLUDE_ARGS];

  it('holds on the generated rules, both ways checked', async () => {
    const v = await check(await generated(EXCLUDE_ARGS), config, 'excluded-interfaces');
    expect(v.status).toBe('holds');
    expect(v.checked).toBeGreaterThan(0);
  });

  it.each([
    ['-A PREROUTING -i net1 -j RETURN', /hop 1 is redirected to 10\.252\.0\.2:15006/],
    ['-A OUTPUT -o net1 -j RETURN', /hop 1 is redirected to 127\.0\.0\.1:15001/],
  ])('is violated without %s', async (line, why) => {
    const v = await check(mutate(await generated(EXCLUDE_ARGS), line, null), config, 'excluded-interfaces');
    expect(v.status).toBe('violated');
    expect(v.counterexample?.why).toMatch(why);
  });

  it('does not apply without -c, nor where nothing is captured (basic-exclude-nic)', async () => {
    const none = await check(
      await generated(EXCLUDE_ARGS.replace(' -c net1', '')),
      ['--istio-args', EXCLUDE_ARGS.replace(' -c net1', '')],
      'excluded-interfaces',
    );
    expect(none.status).toBe('not-applicable');
    expect(none.reason).toBe('the configuration excludes no interface (-c empty)');
    const golden = readFileSync(join(ISTIO_FIXTURES, 'goldens', 'basic-exclude-nic.golden'), 'utf8');
    const off = await check(
      golden,
      ['--config', join(ISTIO_FIXTURES, 'configs', 'basic-exclude-nic.json')],
      'excluded-interfaces',
    );
    expect(off.status).toBe('not-applicable');
    expect(off.reason).toMatch(/captures nothing/);
  });
});

describe('virtual-interfaces (-k)', () => {
  const golden = readFileSync(join(ISTIO_FIXTURES, 'goldens', 'kube-virt-interfaces.golden'), 'utf8');
  const config = ['--config', join(ISTIO_FIXTURES, 'configs', 'kube-virt-interfaces.json')];

  it("holds on the kube-virt golden (-i '*' -k eth1,eth2)", async () => {
    const v = await check(golden, config, 'virtual-interfaces');
    expect(v.status).toBe('holds');
    expect(v.checked).toBeGreaterThan(0);
  });

  it('is violated when the reroute of eth1 is lost', async () => {
    const v = await check(
      mutate(golden, '-I PREROUTING 1 -i eth1 -j ISTIO_REDIRECT', null),
      config,
      'virtual-interfaces',
    );
    expect(v.status).toBe('violated');
    expect(v.counterexample?.why).toMatch(/instead of to Envoy's outbound listener 15001/);
  });

  it('with -i CIDR: holds, and is violated when the reroute loses its destination', async () => {
    const rules = await generated(VIRT_CIDR_ARGS);
    const cfg = ['--istio-args', VIRT_CIDR_ARGS];
    expect((await check(rules, cfg, 'virtual-interfaces')).status).toBe('holds');
    const wide = mutate(
      rules,
      '-A PREROUTING -d 10.251.0.0/16 -i eth1 -j ISTIO_REDIRECT',
      '-A PREROUTING -i eth1 -j ISTIO_REDIRECT',
    );
    const v = await check(wide, cfg, 'virtual-interfaces');
    expect(v.status).toBe('violated');
    expect(v.counterexample?.why).toMatch(/hop 1 is redirected to 10\.0\.2\.1:15001/);
  });

  it('the lint no longer calls the reroute rules dead (no packet arrived on eth1 before)', async () => {
    const file = join(dir, 'kube-virt.golden');
    writeFileSync(file, golden);
    const r = await runCli(['check', file, ...config, '--json']);
    const doc = validJson<CheckDoc>('check', r.stdout);
    const dead = doc.deadRules.map((d) => d.rule);
    expect(dead.filter((rule) => / -i eth[12] /.test(rule))).toEqual([]);
  });
});
