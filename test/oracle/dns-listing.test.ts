// The DNS section of generated/kernel-oracle.json is the same bytes whenever the oracle reruns: a TCP flow's raw,
// mangle and filter rules see every segment of the connection, and how many segments the handshake, the data and the
// FIN take varies between runs, so only whether they were hit is written (and compared); nat rules (a connection's
// first packet) and every rule of a UDP flow keep their exact counts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.ts';

interface Flow {
  readonly proto: string;
  readonly model: { readonly rules: readonly string[] };
  readonly kernel: { readonly rules: readonly string[] };
}
const doc = JSON.parse(readFileSync(join(ROOT, 'generated', 'kernel-oracle.json'), 'utf8')) as {
  dns: { flows: Flow[] };
};

describe('the DNS rules listed in kernel-oracle.json', () => {
  const flows = doc.dns.flows;
  it('has TCP and UDP flows in both families to look at', () => {
    expect(flows.some((f) => f.proto === 'tcp')).toBe(true);
    expect(flows.some((f) => f.proto === 'udp')).toBe(true);
    expect(flows.some((f) => f.model.rules.some((r) => r.startsWith('ip6 ')))).toBe(true);
  });

  it('counts every rule of a UDP flow and the nat rules of a TCP flow, and only marks the other TCP rules as hit', () => {
    for (const f of flows) {
      for (const rule of [...f.model.rules, ...f.kernel.rules]) {
        const nat = /^(ip6 )?nat /.test(rule);
        if (f.proto === 'udp' || nat) expect(rule).toMatch(/ ×\d+$/);
        else expect(rule).toMatch(/ hit$/);
      }
    }
  });
});
