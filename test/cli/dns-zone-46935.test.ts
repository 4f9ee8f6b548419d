// Istio #46935 through the real CLI: Istio 1.19's istio-iptables, with DNS capture and a kube-dns server, puts the
// upstream answers' zone rule on `-d <server>` where `-s <server>` was needed, so the answer to pilot-agent's query
// is tracked in zone 0 while the query is in zone 1. The rules are generated with the CLI's own `generate` (not a
// copied golden) and `check` must name the query, the answer and both zones; Istio 1.25's rules (`-s`) hold.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

const ARGS = "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -b '*' -d 15090,15021,15020 --redirect-dns";
const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-46935-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function generated(version: string): Promise<string> {
  const g = await runCli([
    'generate',
    '--istio-args',
    ARGS,
    '--dns-server',
    '10.251.0.53',
    '--istio-version',
    version,
    '--format',
    'iptables-save',
  ]);
  expect(g.code).toBe(0);
  const file = join(dir, `istio-${version}.rules`);
  writeFileSync(file, g.stdout);
  return file;
}

describe('check catches replies put in the wrong zone (Istio #46935)', () => {
  it('Istio 1.19: the answer to the upstream query is in zone 0, its query in zone 1; exit 1', async () => {
    const file = await generated('1.19');
    const text = await runCli(['check', file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('VIOLATED        dns-zone-consistency');
    expect(text.stdout).toContain(
      "why         hop 1 (Envoy) 10.250.0.2:40001 -> 10.251.0.53:53 in zone 1; its answer 10.251.0.53:53 -> 10.250.0.2:40001 in zone 0 (new), answered: the answer is not tracked in its query's zone",
    );
    // The rule at fault is in the dump the user checks: `-d` on a rule about answers coming from the server.
    expect(text.stdout).toContain('-A PREROUTING -d 10.251.0.53/32 -p udp -m udp --sport 53 -j CT --zone 1');
    const doc = validJson<CheckDoc>('check', (await runCli(['check', file, '--json'])).stdout);
    const z = doc.invariants.find((i) => i.id === 'dns-zone-consistency');
    expect(z?.status).toBe('violated');
    expect(z?.counterexample?.connection).toMatchObject({ protocol: 'udp', dst: { addr: '10.251.0.53', port: 53 } });
  });

  it('Istio 1.25 (`-s` on the answers) holds on the same configuration', async () => {
    const file = await generated('1.25');
    const doc = validJson<CheckDoc>('check', (await runCli(['check', file, '--json'])).stdout);
    expect(doc.invariants.find((i) => i.id === 'dns-zone-consistency')?.status).toBe('holds');
  });
});
