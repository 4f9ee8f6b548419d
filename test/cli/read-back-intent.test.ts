// A dump checked alone reads its configuration back from the rules; when the rules are exactly what that
// configuration generates, it scopes the invariants just as the same configuration given with --config does. Before,
// dns-uid-gid read back gave 14 hold / 10 not applicable and with its own --config 4 hold / 20 not applicable.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

async function verdicts(args: string[]) {
  const r = await runCli(['check', ...args, '--json']);
  const doc = validJson<CheckDoc>('check', r.stdout);
  return {
    code: r.code,
    istio: doc.istio,
    invariants: doc.invariants.map((i) => ({ id: i.id, family: i.family, status: i.status, reason: i.reason })),
  };
}

const golden = (name: string) => join(ISTIO_FIXTURES, 'goldens', `${name}.golden`);
const config = (name: string) => join(ISTIO_FIXTURES, 'configs', `${name}.json`);

describe('the configuration read back from the rules scopes the invariants like the given one', () => {
  it.each([
    'dns-uid-gid',
    'ip-range',
    'outbound-ports-include',
    'inbound-ports-include',
    'inbound-ports-tproxy',
    'outbound-owner-groups',
  ])('%s: the same verdicts and reasons alone and with its --config', async (name) => {
    const alone = await verdicts([golden(name)]);
    const given = await verdicts([golden(name), '--config', config(name)]);
    expect(alone.istio?.source).toBe('inferred');
    expect(alone.invariants).toEqual(given.invariants);
    // Each switches some capture off (Istio's test base is -i '' -b ''): alone, that is doubted (exit 6) unless a
    // violation or no capture outranks it; given, it is the intent (test/cli/capture-doubt.test.ts).
    expect(alone.code).toBe(given.code === 1 || given.code === 5 ? given.code : 6);
  });

  it("dns-uid-gid captures nothing but DNS (-i '' -b ''): the capture invariants do not apply, for the configuration's reason", async () => {
    const alone = await verdicts([golden('dns-uid-gid')]);
    const status = (id: string) => alone.invariants.find((i) => i.id === id && i.family === 'ipv4');
    expect(status('outbound-once')).toMatchObject({
      status: 'not-applicable',
      reason: "the configuration captures no outbound traffic (-i '' and no -q)",
    });
    expect(status('inbound-once')).toMatchObject({
      status: 'not-applicable',
      reason: "the configuration captures no inbound traffic (-b '')",
    });
  });

  it('outbound-ports-include read back: outbound-inclusions applies (-q 32000,31000) and holds', async () => {
    const alone = await verdicts([golden('outbound-ports-include')]);
    expect(alone.invariants.find((i) => i.id === 'outbound-inclusions')?.status).toBe('holds');
  });

  it("a default injection read back is not the user's word: istio-1.4's captured 15090 stays a metrics-bypass violation", async () => {
    const r = await verdicts(['--profile', 'istio-1.4']);
    expect(r.istio?.source).toBe('inferred');
    expect(r.invariants.find((i) => i.id === 'metrics-bypass')?.status).toBe('violated');
    expect(r.code).toBe(1);
  });
});
