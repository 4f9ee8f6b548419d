// `explain`: model/explain/rule.ts as data (errors included), and the command that prints it.
import { describe, expect, it } from 'vitest';
import { explainRule } from '../../model/explain/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';
import { worldFor } from '../helpers/world.ts';
import { profileFiles, runCli, validJson } from './helpers.ts';

const PROFILE_FILES = profileFiles();

describe('explainRule', () => {
  const world = worldFor('istio-1.10');

  it('rule 4 of ISTIO_OUTPUT: the proxy-uid RETURN, reached by the proxy hops of eight scenarios, not dead', () => {
    const r = explainRule(world, { table: 'nat', chain: 'ISTIO_OUTPUT', index: 4 });
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({
      family: 'ipv4',
      rule: '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
      target: 'RETURN',
      matches: "the socket's uid is 1337",
      dead: null,
      scenariosRun: SCENARIOS.length,
    });
    expect(r.value.purpose).toContain('no loop back into Envoy');
    expect(r.value.scenarios.map((s) => [s.id, s.hops])).toEqual([
      ['local-to-remote', [2]],
      ['prometheus-to-local', [2]],
      ['envoy-inter-process', [1]],
      ['sidecar-to-istiod', [1]],
      ['agent-non-proxy-uid', [2]],
      ['kubelet-probe', [2, 3]],
      ['prometheus-scrape-15020', [2, 3]],
      ['prometheus-scrape-15021', [2, 3]],
    ]);
  });

  it('rule 8: dead, shadowed by rules 1, 3 and 4, and no scenario reaches it', () => {
    const r = explainRule(world, { table: 'nat', chain: 'ISTIO_OUTPUT', index: 8 });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.scenarios).toEqual([]);
    expect(r.value.dead?.shadowedBy).toEqual([1, 3, 4]);
  });

  it.each([
    [{ table: 'filter', chain: 'INPUT', index: 1 }, 'no-table'],
    [{ table: 'nat', chain: 'NOPE', index: 1 }, 'no-chain'],
    [{ table: 'nat', chain: 'ISTIO_OUTPUT', index: 10 }, 'no-rule'],
    [{ table: 'nat', chain: 'ISTIO_OUTPUT', index: 0 }, 'no-rule'],
    [{ table: 'nat', chain: 'ISTIO_OUTPUT', index: 1, family: 'ipv6' }, 'no-ruleset'],
  ] as const)('%j is an error as data: %s', (ref, code) => {
    const r = explainRule(world, ref);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });
});

describe('sidecar-chains explain', () => {
  it('prints what the rule matches, its scenarios with hop numbers, and whether it is dead', async () => {
    const r = await runCli(['explain', '--profile', 'istio-1.10', '--chain', 'ISTIO_OUTPUT', '--rule', '4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'nat ISTIO_OUTPUT rule 4 (ipv4)\n  -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN\n',
    );
    expect(r.stdout).toContain("matches    the socket's uid is 1337\n");
    expect(r.stdout).toContain('scenarios  8 of the 13 scenarios reach this rule:\n');
    expect(r.stdout).toMatch(/^ {2}kubelet-probe +hops 2, 3 +kubelet readiness probe of the sidecar$/m);
    expect(r.stdout).toContain('dead       no: some connection of the domain reaches it\n');
  });

  it('names the line a FILE rule was written on, and the dead rule that shadows', async () => {
    const r = await runCli(['explain', PROFILE_FILES['istio-1.10'], '--chain', 'ISTIO_OUTPUT', '--rule', '8']);
    expect(r.stdout).toContain(`nat ISTIO_OUTPUT rule 8 (ipv4, line 36 of ${PROFILE_FILES['istio-1.10']})`);
    expect(r.stdout).toContain('dead       yes: Rule 8 of nat ISTIO_OUTPUT is dead: every packet it would match');
  });

  it('--json matches the schema', async () => {
    const r = await runCli([
      'explain',
      '--profile',
      'istio-1.25',
      '--table',
      'nat',
      '--chain',
      'ISTIO_INBOUND',
      '--rule',
      '1',
      '--json',
    ]);
    const doc = validJson<{ explanation: { rule: string; pos: unknown } }>('explain', r.stdout);
    expect(doc.explanation.rule).toBe('-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN');
  });

  it.each([
    [['--chain', 'ISTIO_OUTPUT', '--rule', '42'], 'nat ISTIO_OUTPUT has no rule 42: its rules are 1 to 9'],
    [['--chain', 'ISTIO_OUTPU', '--rule', '1'], 'the nat table has no chain ISTIO_OUTPU (chains: PREROUTING'],
    [
      ['--table', 'mangle', '--chain', 'PREROUTING', '--rule', '1'],
      'the ipv4 rules have no mangle table (tables: nat)',
    ],
    [['--chain', 'ISTIO_OUTPUT', '--rule', 'four'], 'expected a rule number'],
    [['--chain', 'ISTIO_OUTPUT'], "required option '--rule <n>' not specified"],
  ])('%j: exit 2 with the reason', async (args, message) => {
    const r = await runCli(['explain', '--profile', 'istio-1.10', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
