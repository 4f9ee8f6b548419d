// The owner-groups invariant (ISTIO_OUTBOUND_OWNER_GROUPS, _EXCLUDE): it holds on the rules istio-iptables writes for
// an include list and for an exclude list, each killer mutant (the group RETURN dropped or narrowed) is caught with
// the gid that shows it, an unresolved group name is undetermined with the fix, and the two shared owner-group goldens
// (which capture no outbound traffic, -i '') say why it does not apply to them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;
type Verdict = CheckDoc['invariants'][number];

const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-owner-groups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARGS = '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b * -d 15090,15021,15020';
const INCLUDE = ['--istio-args', ARGS, '--env', 'ISTIO_OUTBOUND_OWNER_GROUPS=java,202'];
const EXCLUDE = ['--istio-args', ARGS, '--env', 'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE=202'];
const JAVA = ['--group', 'java=1000'];
const INCLUDE_RULE = '-A ISTIO_OUTPUT -m owner ! --gid-owner java -m owner ! --gid-owner 202 -j RETURN';

async function generated(config: string[]): Promise<string> {
  const r = await runCli(['generate', ...config, '--format', 'iptables-save']);
  expect(r.code).toBe(0);
  return r.stdout;
}

let n = 0;
async function check(text: string, config: string[], family = 'ipv4'): Promise<Verdict[]> {
  const file = join(dir, `rules-${n++}.txt`);
  writeFileSync(file, text);
  const r = await runCli(['check', file, ...config, '--invariant', 'owner-groups', '--json']);
  const doc = validJson<CheckDoc>('check', r.stdout);
  const found = doc.invariants.filter((i) => i.id === 'owner-groups' && i.family === family);
  expect(found).toHaveLength(1);
  return found;
}

/** The rules with one line removed or replaced; the line must be there exactly once. */
function mutate(text: string, from: string, to: string | null): string {
  const lines = text.split('\n');
  expect(lines.filter((l) => l === from)).toHaveLength(1);
  return lines.flatMap((l) => (l !== from ? [l] : to === null ? [] : [to])).join('\n');
}

describe('owner-groups, include list (java,202 with java=1000)', () => {
  it('holds on the generated rules', async () => {
    const [v] = await check(await generated(INCLUDE), [...INCLUDE, ...JAVA]);
    expect(v!.status).toBe('holds');
    expect(v!.checked).toBeGreaterThan(0);
  });

  it('is violated when the group RETURN is dropped: a gid outside the groups is captured', async () => {
    const [v] = await check(mutate(await generated(INCLUDE), INCLUDE_RULE, null), [...INCLUDE, ...JAVA]);
    expect(v!.status).toBe('violated');
    expect(v!.counterexample?.why).toBe('the connection goes outbound-capture -> left-pod instead of left-pod');
  });

  it('is violated when the RETURN forgets group 202: gid 202 is no longer captured', async () => {
    const narrowed = mutate(
      await generated(INCLUDE),
      INCLUDE_RULE,
      '-A ISTIO_OUTPUT -m owner ! --gid-owner java -j RETURN',
    );
    const [v] = await check(narrowed, [...INCLUDE, ...JAVA]);
    expect(v!.status).toBe('violated');
    expect(v!.counterexample?.connection.from).toMatchObject({ gid: 202 });
    expect(v!.counterexample?.why).toBe('the connection goes left-pod instead of outbound-capture -> left-pod');
  });

  it('is undetermined, with the fix, when the name java is not resolved', async () => {
    const [v] = await check(await generated(INCLUDE), INCLUDE);
    expect(v!.status).toBe('undetermined');
    expect(v!.reason).toBe(
      'gid 1000 may be that of owner group "java", which has no gid here: give --group NAME=GID or --group-file',
    );
  });
});

describe('owner-groups, exclude list (202)', () => {
  it('holds on the generated rules, and is violated without the RETURN for gid 202', async () => {
    const rules = await generated(EXCLUDE);
    expect((await check(rules, EXCLUDE))[0]!.status).toBe('holds');
    const [v] = await check(mutate(rules, '-A ISTIO_OUTPUT -m owner --gid-owner 202 -j RETURN', null), EXCLUDE);
    expect(v!.status).toBe('violated');
    expect(v!.counterexample?.connection.from).toMatchObject({ gid: 202 });
  });

  it('does not apply where every group is captured', async () => {
    const [v] = await check(await generated(['--istio-args', ARGS]), ['--istio-args', ARGS]);
    expect(v!.status).toBe('not-applicable');
    expect(v!.reason).toBe("the configuration captures every owner group (owner groups '*', none excluded)");
  });
});

describe("the shared owner-group goldens (-i '': no outbound capture)", () => {
  it.each([
    ['outbound-owner-groups', 'ipv4', /so its owner groups select nothing$/],
    // --redirect-dns with no DNS server given: istio-iptables writes no DNS redirect either.
    ['ipv6-dns-outbound-owner-groups', 'ipv6', /so its owner groups select nothing$/],
  ])('%s: not applicable, and why', async (name, family, why) => {
    const golden = readFileSync(join(ISTIO_FIXTURES, 'goldens', `${name}.golden`), 'utf8');
    const [v] = await check(golden, ['--config', join(ISTIO_FIXTURES, 'configs', `${name}.json`), ...JAVA], family);
    expect(v!.status).toBe('not-applicable');
    expect(v!.reason).toMatch(why);
  });
});
