// "Inferred intent is doubted where it matters" (issue 12): with no configuration given, rules that switch capture off
// against their version's default injection (no outbound capture, no inbound capture, the tunnel port captured, a
// proxy uid or gid missing from the owner rules) are a finding of their own, "capture switched off" (exit 6), so a
// broken rule cannot silently redefine the intent read back from it. With a configuration that asks for it: no finding.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../model/profiles/index.ts';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { fixture, ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

const golden = (name: string) => join(ISTIO_FIXTURES, 'goldens', `${name}.golden`);

async function check(args: readonly string[]) {
  const r = await runCli(['check', ...args, '--json']);
  const doc = validJson<CheckDoc>('check', r.stdout);
  return { code: r.code, doc, kinds: doc.captureOff.map((d) => `${d.family}:${d.kind}`) };
}

describe('each kind of departure from the default injection is doubted, with exit 6', () => {
  it.each([
    [
      'capture-off-no-redirect.rules',
      ['ipv4:no-outbound-capture'],
      /^ {2}no outbound capture: no rule of ISTIO_OUTPUT jumps to ISTIO_REDIRECT \(-i '' without -q\), where Istio 1\.31's default injection captures all outbound TCP \(-i '\*'\)$/m,
    ],
    [
      'capture-off-no-inbound.rules',
      ['ipv4:no-inbound-capture'],
      /^ {2}no inbound capture: PREROUTING does not jump to ISTIO_INBOUND \(-b ''\)/m,
    ],
    [
      'capture-off-no-tunnel.rules',
      ['ipv4:tunnel-port-captured'],
      /^ {2}the tunnel port 15008 is not excluded from inbound capture/m,
    ],
    [
      'capture-off-proxy-1338.rules',
      ['ipv4:proxy-uid-missing', 'ipv4:proxy-gid-missing'],
      /^ {2}the proxy uid 1337 is missing from the owner rules \(ISTIO_OUTPUT matches uid 1338\), where Istio 1\.31's default injection exempts Envoy's own traffic by uid 1337 \(-u 1337\)/m,
    ],
  ])('%s', async (name, kinds, line) => {
    const r = await check([fixture(name)]);
    expect(r.kinds).toEqual(kinds);
    expect(r.code).toBe(6);
    expect(r.doc.verdict).toBe('capture-off');
    expect(r.doc.istio?.source).not.toBe('given');
    const text = await runCli(['check', fixture(name)]);
    expect(text.code).toBe(6);
    expect(text.stdout).toMatch(
      /^capture switched off \(ipv4\): the rules switch capture off against their version's default injection; given no configuration, this is not taken as intent \(give --config, --istio-args or --pod if the pod asks for it\):$/m,
    );
    expect(text.stdout).toMatch(line);
    expect(text.stdout).toMatch(/^verdict: capture switched off, .*\(exit 6\)$/m);
  });

  it('the gid rules deleted: a violation outranks the doubt (exit 1), which is still listed', async () => {
    const r = await check([fixture('capture-off-no-gid.rules')]);
    expect(r.code).toBe(1);
    expect(r.doc.verdict).toBe('violated');
    expect(r.kinds).toEqual(['ipv4:proxy-gid-missing']);
    expect(r.doc.captureOff[0]?.text).toMatch(/ISTIO_OUTPUT matches gid none\)/);
  });

  it('rules that narrow capture (-i 10.0.0.0/8 -x -b 8080,9090 -o -q) but switch none of it off: no finding, exit 0', async () => {
    const r = await check([fixture('capture-narrowed.rules'), '--invariant', 'terminates']);
    expect(r.kinds).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a configuration that asks for it is the intent: no finding', async () => {
    const given = await check([
      fixture('capture-off-no-redirect.rules'),
      '--istio-args',
      "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '' -b '*' -d 15090,15021,15020",
      '--istio-version',
      '1.25',
      '--invariant',
      'terminates',
    ]);
    expect(given.kinds).toEqual([]);
    expect(given.code).toBe(0);
    const uid = await check([
      fixture('capture-off-proxy-1338.rules'),
      '--istio-args',
      "-p 15001 -z 15006 -u 1338 -m REDIRECT -i '*' -b '*' -d 15090,15021,15020",
      '--istio-version',
      '1.25',
      '--invariant',
      'terminates',
    ]);
    expect(uid.kinds).toEqual([]);
    expect(uid.code).toBe(0);
  });

  it('SARIF and JUnit: the capture result fails, naming the departures', async () => {
    const sarif = await runCli(['check', fixture('capture-off-no-redirect.rules'), '--format', 'sarif']);
    expect(sarif.code).toBe(6);
    const run = JSON.parse(sarif.stdout).runs[0];
    expect(run.invocations[0].exitCode).toBe(6);
    const capture = run.results.filter((x: { ruleId: string }) => x.ruleId === 'capture');
    expect(capture).toHaveLength(1);
    expect(capture[0]).toMatchObject({
      kind: 'fail',
      level: 'error',
      properties: { family: 'ipv4', captureOff: ['no-outbound-capture'] },
    });
    expect(capture[0].message.text).toMatch(/^capture switched off \(ipv4\): .*: no outbound capture: /);
    const junit = await runCli(['check', fixture('capture-off-no-redirect.rules'), '--format', 'junit']);
    expect(junit.code).toBe(6);
    expect(junit.stdout).toMatch(
      /<testcase name="capture" classname="sidecar-chains.ipv4">\n {6}<failure type="capture-off" message="the rules switch capture off .*: no outbound capture: /,
    );
  });
});

// Every shared golden is istio-iptables' test base (tools/istio-iptables/pkg/capture/run_test.go at istio/istio
// 86c9f01, constructTestConfig: -i '' -b '', see test/fixtures/istio/goldens/CASES.md) plus the case's own change, so
// each one really switches some capture off against the default injection (-i '*' -b '*' -u 1337): checked without
// its configuration, each gets the finding for exactly what its configuration leaves off; with it, none
// (test/cli/capture.test.ts).
const GOLDEN_DOUBTS: Readonly<Record<string, { kinds: readonly string[]; why: string }>> = {
  'basic-exclude-nic': { kinds: ['ipv4:no-outbound-capture', 'ipv4:no-inbound-capture'], why: "base -i '' -b ''" },
  'dns-uid-gid': {
    kinds: [
      'ipv4:no-outbound-capture',
      'ipv4:no-inbound-capture',
      'ipv4:proxy-uid-missing',
      'ipv4:proxy-gid-missing',
      'ipv6:no-outbound-capture',
      'ipv6:no-inbound-capture',
      'ipv6:proxy-uid-missing',
      'ipv6:proxy-gid-missing',
    ],
    why: "base -i '' -b '' (DNS capture only); -u 3,4 -g 1,2 leave out 1337",
  },
  'drop-invalid': { kinds: ['ipv4:no-outbound-capture', 'ipv4:no-inbound-capture'], why: "base -i '' -b ''" },
  empty: { kinds: ['ipv4:no-outbound-capture', 'ipv4:no-inbound-capture'], why: "base -i '' -b ''" },
  'host-ipv4-loopback-cidr': {
    kinds: ['ipv4:no-outbound-capture', 'ipv4:no-inbound-capture'],
    why: "base -i '' -b ''",
  },
  'inbound-ports-include': { kinds: ['ipv4:no-outbound-capture'], why: "-b 32000,31000 captures; base -i ''" },
  'inbound-ports-tproxy': { kinds: ['ipv4:no-outbound-capture'], why: "-b 32000,31000 in TPROXY; base -i ''" },
  'inbound-ports-wildcard': { kinds: ['ipv4:no-outbound-capture'], why: "-b '*' (15008 returned); base -i ''" },
  'ip-range': {
    kinds: ['ipv4:no-inbound-capture', 'ipv4:proxy-uid-missing', 'ipv4:proxy-gid-missing'],
    why: "-i 9.9.0.0/16 captures; base -b ''; -u 3,4 -g 1,2 leave out 1337",
  },
  ipnets: { kinds: ['ipv4:no-inbound-capture'], why: "-i 10.0.0.0/8 captures; base -b ''" },
  'ipv6-dns-outbound-owner-groups': {
    kinds: [
      'ipv4:no-outbound-capture',
      'ipv4:no-inbound-capture',
      'ipv6:no-outbound-capture',
      'ipv6:no-inbound-capture',
    ],
    why: "base -i '' -b '' in both families (owner groups narrow a capture that is off)",
  },
  'ipv6-empty-inbound-ports': {
    kinds: [
      'ipv4:no-outbound-capture',
      'ipv4:no-inbound-capture',
      'ipv6:no-outbound-capture',
      'ipv6:no-inbound-capture',
    ],
    why: "-b '' and base -i '' in both families",
  },
  'ipv6-inbound-ports': {
    kinds: ['ipv4:no-outbound-capture', 'ipv6:no-outbound-capture'],
    why: "-b 4000,5000 captures; base -i '' in both families",
  },
  'ipv6-ipnets': {
    kinds: ['ipv4:no-outbound-capture'],
    why: '-i 2001:db8::/32 captures IPv6 only, so IPv4 has no outbound capture; -b 4000,5000 captures in both',
  },
  'ipv6-outbound-ports': {
    kinds: ['ipv4:no-inbound-capture', 'ipv6:no-inbound-capture'],
    why: "-q 32000,31000 captures outbound; -b '' in both families",
  },
  'kube-virt-interfaces': { kinds: ['ipv4:no-inbound-capture'], why: "-i '*' captures; base -b ''" },
  'outbound-owner-groups': { kinds: ['ipv4:no-outbound-capture', 'ipv4:no-inbound-capture'], why: "base -i '' -b ''" },
  'outbound-ports-include': { kinds: ['ipv4:no-inbound-capture'], why: "-q 32000,31000 captures outbound; base -b ''" },
};

describe('every shared golden without its configuration: doubted for what its configuration switches off', () => {
  const goldens = readdirSync(join(ISTIO_FIXTURES, 'goldens'))
    .filter((f) => f.endsWith('.golden'))
    .map((f) => f.replace(/\.golden$/, ''));

  it('the table covers every golden', () => {
    expect(Object.keys(GOLDEN_DOUBTS).sort()).toEqual([...goldens].sort());
  });

  it.each(goldens)('%s', async (name) => {
    const expected = GOLDEN_DOUBTS[name]!;
    const alone = await check([golden(name), '--invariant', 'terminates']);
    expect(alone.kinds, expected.why).toEqual(expected.kinds);
    expect(alone.code).toBe(6);
    // With its configuration, none: test/cli/capture.test.ts checks every golden with it.
  });
});

describe('every profile (a default injection) is not doubted', () => {
  it.each([...PROFILES.map((p): string => p.name), 'istio-1.31-nft'])('%s', async (name) => {
    const r = await check(['--profile', name, '--invariant', 'terminates']);
    expect(r.kinds).toEqual([]);
    expect(r.code).toBe(0);
  });
});
