// The dead-rule lint sees the packets after the first: a DNS query's answer walks raw PREROUTING (the reply-zone
// rule) and pilot-agent's answers walk raw OUTPUT (`--sport 15053`), and every later packet of a connection walks
// raw, mangle and filter again as ESTABLISHED, RELATED or INVALID (drop-invalid's `--ctstate INVALID` rule). Only
// nat is left to first packets. Expectations are read off the goldens by hand.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

async function deadRules(name: string) {
  const r = await runCli(['check', join(ISTIO_FIXTURES, 'goldens', `${name}.golden`), '--json']);
  const doc = validJson<CheckDoc>('check', r.stdout);
  return doc.deadRules.map((d) => `${d.table} ${d.chain} ${d.index}`);
}

describe('the dead-rule lint and later packets', () => {
  it("ip-range: the reply-zone rule and pilot-agent's answer rules are live; only uid 4 / gid 2's are dead", async () => {
    const dead = await deadRules('ip-range');
    // raw ISTIO_INBOUND 1: `-s 127.0.0.53/32 -p udp --sport 53 -j CT --zone 1`, hit by the stub resolver's answers.
    expect(dead).not.toContain('raw ISTIO_INBOUND 1');
    // raw ISTIO_OUTPUT_DNS 2 and 6: `--sport 15053` with uid 3 and gid 1, hit by pilot-agent's (3/1) answers.
    expect(dead).not.toContain('raw ISTIO_OUTPUT_DNS 2');
    expect(dead).not.toContain('raw ISTIO_OUTPUT_DNS 6');
    // 4 and 8 name uid 4 and gid 2: no process of the pod runs as them, so no answer ever has that owner.
    expect(dead.filter((d) => d.startsWith('raw '))).toEqual(['raw ISTIO_OUTPUT_DNS 4', 'raw ISTIO_OUTPUT_DNS 8']);
  });

  it('drop-invalid: `--ctstate INVALID -j ISTIO_DROP` and ISTIO_DROP are reached by later packets; nat stays first-packet', async () => {
    const dead = await deadRules('drop-invalid');
    expect(dead.filter((d) => d.startsWith('mangle '))).toEqual([]);
    // Later packets do not walk nat (the binding is made on the first packet): what was dead there stays dead.
    expect(dead).toContain('nat ISTIO_REDIRECT 1');
  });
});
