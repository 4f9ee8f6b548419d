// The loopback-cidr invariant: it holds on the rules istio-iptables writes with the default loopback CIDR and with
// ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR=127.0.0.1/8, and each killer mutant is caught with the connection that shows it:
// the proxy's lo rule no longer negating the whole CIDR, the 127.0.0.6 passthrough RETURN dropped, the lo RETURNs for
// other processes dropped. (The shared host-ipv4-loopback-cidr golden captures nothing, -i '' -b '': not applicable.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type Verdict = ReturnType<typeof checkJson>['invariants'][number];

const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-loopback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARGS = ['--istio-args', '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b * -d 15090,15021,15020'];
const SLASH8 = [...ARGS, '--env', 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR=127.0.0.1/8'];

async function generated(config: string[]): Promise<string> {
  const r = await runCli(['generate', ...config, '--format', 'iptables-save']);
  expect(r.code).toBe(0);
  return r.stdout;
}

let n = 0;
async function check(text: string, config: string[]): Promise<Verdict> {
  const file = join(dir, `rules-${n++}.txt`);
  writeFileSync(file, text);
  const r = await runCli(['check', file, ...config, '--invariant', 'loopback-cidr', '--json']);
  const found = validJson<ReturnType<typeof checkJson>>('check', r.stdout).invariants.find(
    (i) => i.id === 'loopback-cidr' && i.family === 'ipv4',
  );
  expect(found).toBeDefined();
  return found!;
}

/** The rules without the given lines (each there exactly once), or with one line replaced. */
function mutate(text: string, from: readonly string[], to: string | null = null): string {
  const lines = text.split('\n');
  for (const f of from) expect(lines.filter((l) => l === f)).toHaveLength(1);
  return lines.flatMap((l) => (!from.includes(l) ? [l] : to === null ? [] : [to])).join('\n');
}

describe('loopback-cidr, default CIDR 127.0.0.1/32', () => {
  it('holds on the generated rules', async () => {
    const v = await check(await generated(ARGS), ARGS);
    expect(v.status).toBe('holds');
    expect(v.checked).toBeGreaterThan(0);
  });

  it("is violated without the 127.0.0.6 RETURN: Envoy's inbound passthrough is sent back to 15006", async () => {
    const v = await check(mutate(await generated(ARGS), ['-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN']), ARGS);
    expect(v.status).toBe('violated');
    expect(v.counterexample?.connection).toMatchObject({ src: '127.0.0.6', from: { uid: 1337 } });
  });

  it("is violated without the lo RETURNs for other processes: the application's call to 127.0.0.2 is captured", async () => {
    const rules = mutate(await generated(ARGS), [
      '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
      '-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN',
    ]);
    const v = await check(rules, ARGS);
    expect(v.status).toBe('violated');
    expect(v.counterexample?.why).toMatch(/^hop 1 is redirected to 127\.0\.0\.1:15001/);
  });
});

describe('loopback-cidr, ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR=127.0.0.1/8', () => {
  const PROXY_LO =
    '-A ISTIO_OUTPUT ! -d 127.0.0.0/8 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT';

  it('holds on the generated rules', async () => {
    expect((await check(await generated(SLASH8), SLASH8)).status).toBe('holds');
  });

  it("is violated when the proxy's lo rule negates 127.0.0.1/32 only: its call to another 127/8 address goes to 15006", async () => {
    const narrowed = mutate(await generated(SLASH8), [PROXY_LO], PROXY_LO.replace('127.0.0.0/8', '127.0.0.1/32'));
    const v = await check(narrowed, SLASH8);
    expect(v.status).toBe('violated');
    expect(v.counterexample?.connection.from).toMatchObject({ uid: 1337 });
    expect(v.counterexample?.why).toMatch(/^hop 1 is redirected to 127\.0\.0\.1:15006/);
  });

  it('does not apply to the shared golden, which captures nothing', async () => {
    const golden = readFileSync(join(ISTIO_FIXTURES, 'goldens', 'host-ipv4-loopback-cidr.golden'), 'utf8');
    const v = await check(golden, ['--config', join(ISTIO_FIXTURES, 'configs', 'host-ipv4-loopback-cidr.json')]);
    expect(v.status).toBe('not-applicable');
    expect(v.reason).toBe('the rules capture nothing');
  });
});
