// `check` in-process (main() with captured streams): every built-in profile, every fixture under test/fixtures/istio,
// and the options. The real process is exercised in spawn.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../model/invariants/index.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { fixture, ISTIO_FIXTURES, profileFiles, runCli, STACK_LINE, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

function expectedExit(doc: CheckDoc): number {
  const statuses = doc.invariants.map((i) => i.status);
  if (statuses.includes('violated')) return 1;
  if (doc.capture.some((c) => c.kind === 'not-captured')) return 5;
  // Without a configuration, rules that switch capture off are doubted (test/cli/capture-doubt.test.ts).
  if (doc.captureOff.length > 0) return 6;
  return statuses.includes('undetermined') ? 3 : 0;
}

describe('check --profile, every built-in profile', () => {
  it.each(PROFILES.map((p) => p.name))('%s', async (name) => {
    const r = await runCli(['check', '--profile', name, '--json']);
    expect(r.stderr).toBe('');
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(r.code).toBe(expectedExit(doc));
    expect(doc.exitCode).toBe(r.code);
    expect(doc.pod.envoyBehaviour).toBe(name);
    expect(doc.invariants.map((i) => i.id)).toEqual(INVARIANTS.map((i) => i.id));
    for (const inv of doc.invariants.filter((i) => i.status === 'violated')) {
      expect(inv.counterexample?.replay).toMatch(new RegExp(`^sidecar-chains trace --profile ${name} `));
    }
    // Speed is measured, not asserted (machines here are shared): see the README's figures.
  });

  it('the article profile istio-1.10 violates only tunnel-bypass (the 15008 capture fixed in 1.18)', async () => {
    const r = await runCli(['check', '--profile', 'istio-1.10']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}VIOLATED +tunnel-bypass +violated by connection/m);
    expect(r.stdout).toMatch(
      /^ {2}proved over \d+ classes \(fields: address family; protocol \(tcp, udp\); initiator/m,
    );
    expect(r.stdout).toContain(
      'replay      sidecar-chains trace --profile istio-1.10 --actor envoy --dst 10.250.0.2:15008',
    );
    expect(r.stdout).toContain('dead rules (ipv4; a lint, never fails the check)');
    expect(r.stdout).toContain('nat ISTIO_OUTPUT rule 8: -A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN');
    expect(r.stdout).toMatch(/^verdict: 1 violated, 14 hold, 14 not applicable \(exit 1\)$/m);
  });
});

const PROFILE_FILES = profileFiles();

/** Every Istio golden fixture and every built-in profile's rules, as `[label, path]`. */
const fixtureFiles: [string, string][] = [
  ...readdirSync(join(ISTIO_FIXTURES, 'goldens'))
    .filter((f) => !f.endsWith('.md'))
    .map((f): [string, string] => [`goldens/${f}`, join(ISTIO_FIXTURES, 'goldens', f)]),
  ...Object.entries(PROFILE_FILES).map(([name, path]): [string, string] => [`profile ${name}`, path]),
];

/** Goldens built with istio-iptables' zero-valued -b and -i: they capture neither direction. */
const NO_CAPTURE = [
  'goldens/empty.golden',
  'goldens/basic-exclude-nic.golden',
  'goldens/drop-invalid.golden',
  'goldens/host-ipv4-loopback-cidr.golden',
  'goldens/ipv6-empty-inbound-ports.golden',
];
/** Invariants about traffic the rules capture: they do not apply to rules that capture nothing. */
const CAPTURE_ONLY = ['proxy-no-loop', 'local-to-local', 'istiod-exit', 'outbound-once', 'proxy-egress-direct'];

describe('check FILE, every Istio golden and every profile', () => {
  it.each(fixtureFiles)('%s', async (file, path) => {
    const r = await runCli(['check', path, '--json']);
    expect(r.stderr).toBe('');
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(r.code).toBe(expectedExit(doc));
    expect(doc.rules.format).toBe(file.endsWith('.golden') ? 'istio-golden' : 'iptables-save');
    // The goldens hold an iptables-save and an ip6tables-save body; both are checked.
    const text = readFileSync(path, 'utf8');
    const bodies = text.split('\n').filter((line) => line === '* nat').length;
    const families = bodies === 2 ? ['ipv4', 'ipv6'] : ['ipv4'];
    expect(doc.rules.families).toEqual(families);
    expect(doc.runs.map((x) => x.family)).toEqual(families);
    expect(doc.invariants.length).toBe(INVARIANTS.length * families.length);
    if (NO_CAPTURE.includes(file)) {
      // Read back without their configuration, `-i '' -b ''` is doubted: capture switched off (exit 6).
      expect(r.code).toBe(6);
      for (const inv of doc.invariants.filter((i) => CAPTURE_ONLY.includes(i.id))) {
        expect(inv.status, inv.id).toBe('not-applicable');
        expect(inv.reason, inv.id).toMatch(/capture|scope/);
      }
    }
  });

  it('a golden without capture reads not-applicable in the text report too', async () => {
    const r = await runCli(['check', join(ISTIO_FIXTURES, 'goldens/ipv6-empty-inbound-ports.golden')]);
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/^ {2}not-applicable +proxy-no-loop +the rules capture nothing/m);
    expect(r.stdout).toMatch(/^ipv6: 29 invariants, \d+ connections simulated$/m);
  });
});

describe('check inputs', () => {
  it('reads standard input with -, and names it <stdin>', async () => {
    const stdin = readFileSync(fixture('istio-1.10-without-rules-4-and-7.rules'), 'utf8');
    const r = await runCli(['check', '-', '--json'], { stdin });
    expect(r.code).toBe(1);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.rules).toMatchObject({ source: 'stdin', name: '<stdin>' });
    const loop = doc.invariants.find((i) => i.id === 'proxy-no-loop')!;
    expect(loop.status).toBe('violated');
    expect(loop.counterexample?.trace.disposition.kind).toBe('loop');
    expect(loop.counterexample?.replay).toBe('sidecar-chains trace FILE --actor envoy --dst 10.250.0.3:8080');
  });

  it.each([
    ['empty', ''],
    ['only comments', '# nothing here\n\n'],
  ])('empty input is an error, not a pass (%s)', async (_name, stdin) => {
    const r = await runCli(['check', '-'], { stdin });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^<stdin>:1:1: error\[empty-input\]: there are no rules/);
  });

  it('an IPv6-only ip6tables-save dump builds an IPv6 world', async () => {
    const r = await runCli(['check', fixture('istio-1.25-ipv6.rules'), '--json']);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(r.code).toBe(0);
    expect(doc.rules.families).toEqual(['ipv6']);
    expect(doc.invariants.every((i) => i.family === 'ipv6')).toBe(true);
    // The three invariants about a configuration's exclusions and inclusions have nothing to hold the default to, and
    // the rules capture no DNS, so the DNS invariants do not apply either, nor the interface ones (no -c, no -k) or the TPROXY one
    // (REDIRECT mode); every
    // other one holds. With IPv6 rules alone there is no IPv4 twin to compare (dual-stack-parity); both directions are captured (capture-off)
    // and INVALID packets are not dropped (drop-invalid).
    const na = doc.invariants.filter((i) => i.status === 'not-applicable').map((i) => i.id);
    expect(na).toEqual([
      'outbound-exclusions',
      'outbound-inclusions',
      'inbound-ports',
      'dns-captured',
      'dns-proxy-no-loop',
      'dns-zone-consistency',
      'dns-exclusions',
      'excluded-interfaces',
      'virtual-interfaces',
      'tproxy-gid-self-inbound',
      'owner-groups',
      'dual-stack-parity',
      'capture-off',
      'drop-invalid',
    ]);
    expect(doc.invariants.filter((i) => !na.includes(i.id)).every((i) => i.status === 'holds')).toBe(true);
  });

  it('an iptables -S listing is accepted', async () => {
    const r = await runCli(['check', fixture('istio-1.25.iptables-S.txt'), '--json']);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(r.code).toBe(0);
    expect(doc.rules.format).toBe('iptables-s');
  });

  it.each([
    ['malformed-option.rules', 27, 17, 'unknown-option', '^^^^^^^^^^^^'],
    ['malformed-address.rules', 26, 20, 'bad-value', '^^^^^^^^^^^^^^'],
  ])('%s: exit 2 at line %i column %i', async (name, line, column, code, caret) => {
    const r = await runCli(['check', `test/cli/fixtures/${name}`, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, excerpt, marker] = r.stderr.split('\n');
    expect(first).toMatch(new RegExp(`^test/cli/fixtures/${name}:${line}:${column}: error\\[${code}\\]: `));
    expect(excerpt).toMatch(new RegExp(`^${line} \\| -A ISTIO_OUTPUT `));
    expect(marker).toBe(`${' '.repeat(`${line} | `.length + column - 1)}${caret}`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a missing file is exit 2 with the reason', async () => {
    const r = await runCli(['check', 'no/such/file.rules']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: cannot read no/such/file.rules: no such file\n');
  });

  it.each([
    [['check'], 'no rules given'],
    [['check', 'x.rules', '--profile', 'istio-1.10'], 'give either FILE or --profile, not both'],
  ])('%j: exit 2, the error and one line pointing at --help', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/\nRun 'sidecar-chains check --help' for usage\.\n$/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('check options', () => {
  it('--invariant picks invariants (repeatable and comma lists); dead rules only with dead-rules', async () => {
    const r = await runCli([
      'check',
      '--profile',
      'istio-1.10',
      '--invariant',
      'proxy-no-loop,terminates',
      '--invariant',
      'tunnel-bypass',
      '--json',
    ]);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.invariants.map((i) => i.id)).toEqual(['proxy-no-loop', 'terminates', 'tunnel-bypass']);
    expect(doc.lint).toBe(false);
    expect(doc.deadRules).toEqual([]);
    const lint = validJson<CheckDoc>(
      'check',
      (await runCli(['check', '--profile', 'istio-1.10', '--invariant', 'dead-rules', '--json'])).stdout,
    );
    expect(lint.invariants).toEqual([]);
    expect(lint.deadRules.map((d) => d.index)).toEqual([5, 6, 8]);
  });

  it('an unknown --invariant is a usage error that lists the valid ids', async () => {
    const r = await runCli(['check', '--profile', 'istio-1.10', '--invariant', 'no-such-thing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown invariant "no-such-thing"; valid ids: proxy-no-loop, terminates,');
    expect(r.stderr).toContain("Run 'sidecar-chains check --help' for usage.");
  });

  it('--proxy-uid changes who the owner match treats as the proxy: 1337 is then an app', async () => {
    const r = await runCli(['check', '--profile', 'istio-1.25', '--proxy-uid', '2000', '--json']);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.pod.proxy).toEqual({ uid: 2000, gid: 2000 });
    expect(r.code).toBe(1);
    const loop = doc.invariants.find((i) => i.id === 'proxy-no-loop')!;
    expect(loop.status).toBe('violated');
    expect(loop.counterexample?.replay).toContain('--proxy-uid 2000');
  });

  it('--pod-ip, --app-uid and --envoy-behaviour reach the world', async () => {
    const r = await runCli([
      'check',
      PROFILE_FILES['istio-1.10'],
      '--pod-ip',
      '10.1.2.3',
      '--pod-ip',
      'fd00::7',
      '--app-uid',
      '1500',
      '--envoy-behaviour',
      'istio-1.10',
      '--json',
    ]);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.pod).toMatchObject({
      addresses: ['10.1.2.3', 'fd00::7'],
      app: { uid: 1500, gid: 1500 },
      envoyBehaviour: 'istio-1.10',
    });
  });

  it('a FILE is checked with the Envoy behaviour of the version read back from its rules, and says so', async () => {
    const r = await runCli(['check', PROFILE_FILES['istio-1.18']]);
    // istio-1.18's rules are what istio-iptables writes from 1.18 to 1.24; the newest of that range is assumed.
    expect(r.stdout).toContain('these rules are what istio-iptables writes at Istio 1.18 to 1.24');
    expect(r.stdout).toContain(
      "Envoy behaviour istio-1.24 (that version's; --istio-version or --envoy-behaviour to change)",
    );
  });

  it('--family ipv6 checks only the IPv6 body of a dual dump', async () => {
    const r = await runCli([
      'check',
      join(ISTIO_FIXTURES, 'goldens/ipv6-inbound-ports.golden'),
      '--family',
      'ipv6',
      '--json',
    ]);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.runs.map((x) => x.family)).toEqual(['ipv6']);
  });

  it.each([
    ['--pod-ip', 'not-an-ip', 'not an IPv4 or IPv6 address'],
    ['--pod-ip', '10.0.0.1 --pod-ip 10.0.0.2', 'at most one IPv4 pod IP'],
    ['--proxy-uid', '-1', 'expected a uid or gid'],
    ['--envoy-behaviour', 'istio-9.9', '"istio-9.9" is not one of istio-1.4,'],
  ])('%s %s is a usage error', async (flag, value, message) => {
    const r = await runCli([
      'check',
      '--profile',
      'istio-1.10',
      flag,
      ...value.split(' --pod-ip ').flatMap((v, i) => (i ? ['--pod-ip', v] : [v])),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('colour and progress', () => {
  it('colours only on a terminal, and never with NO_COLOR', async () => {
    const args = ['check', '--profile', 'istio-1.10', '--invariant', 'tunnel-bypass'];
    const tty = await runCli(args, { tty: true });
    expect(tty.stdout).toContain('\x1b[31mVIOLATED');
    const noColor = await runCli(args, { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\x1b[');
    const piped = await runCli(args);
    expect(piped.stdout).not.toContain('\x1b[');
    // A short run shows no progress line, even on a terminal.
    expect(tty.stderr).toBe('');
  });
});
