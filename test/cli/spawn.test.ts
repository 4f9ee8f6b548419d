import { beforeAll, describe, expect, it } from 'vitest';
import { PROFILES, profileNamed } from '../../model/profiles/index.ts';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { type CliResult, fixture, STACK_LINE, spawnCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

const runs = {
  profileJson: ['check', '--profile', 'istio-1.25', '--json'],
  loop: ['check', fixture('istio-1.10-without-rules-4-and-7.rules')],
  stdin: ['check', '-'],
  malformed: ['check', 'test/cli/fixtures/malformed-option.rules'],
  statistic: ['check', fixture('istio-1.25-statistic.rules')],
  unknownOption: ['check', '--profile', 'istio-1.10', '--frobnicate'],
  traceJson: [
    'trace',
    '--profile',
    'istio-1.10',
    '--uid',
    '1000',
    '--gid',
    '1000',
    '--dst',
    '10.250.0.3:8080',
    '--json',
  ],
  profiles: ['profiles'],
} as const;

const results: Partial<Record<keyof typeof runs, CliResult>> = {};

beforeAll(async () => {
  const stdin = profileNamed('istio-1.18').rulesText;
  await Promise.all(
    Object.entries(runs).map(async ([name, args]) => {
      results[name as keyof typeof runs] = await spawnCli(args, name === 'stdin' ? { stdin } : {});
    }),
  );
}, 60_000);

const get = (name: keyof typeof runs): CliResult => results[name]!;

describe('the real CLI process', () => {
  it('check --profile --json: exit 0, one JSON document that matches the schema, nothing on stderr', () => {
    const r = get('profileJson');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = validJson<CheckDoc>('check', r.stdout);
    expect(doc.verdict).toBe('holds');
    expect(doc.rules).toEqual({
      source: 'profile',
      name: 'profile istio-1.25',
      format: 'iptables-save',
      families: ['ipv4'],
    });
    // The default injection excludes and includes nothing and names no extra interface, so the three
    // configuration-scoped invariants and the two interface ones do not apply; a profile captures no DNS, so neither
    // do the DNS invariants, and it redirects (no TPROXY); it is IPv4 alone (no dual-stack parity), captures both directions and drops no INVALID packet. Every other one holds.
    const na = [
      'outbound-exclusions',
      'outbound-inclusions',
      'inbound-ports',
      'excluded-interfaces',
      'virtual-interfaces',
      'tproxy-gid-self-inbound',
      'owner-groups',
      'dual-stack-parity',
      'capture-off',
      'drop-invalid',
    ];
    expect(doc.invariants.map((i) => i.status)).toEqual(
      doc.invariants.map((i) => (na.includes(i.id) || i.id.startsWith('dns-') ? 'not-applicable' : 'holds')),
    );
  });

  it('the ruleset without ISTIO_OUTPUT rules 4 and 7: exit 1, with the loop counterexample shown', () => {
    const r = get('loop');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}VIOLATED +proxy-no-loop/m);
    expect(r.stdout).toContain('counterexample: proxy-no-loop (ipv4)');
    expect(r.stdout).toContain('disposition: loop: hop 2 repeats hop 1');
    expect(r.stdout).toMatch(
      /replay +sidecar-chains trace \S+istio-1\.10-without-rules-4-and-7\.rules --actor envoy --dst/,
    );
    expect(r.stdout).toMatch(/^verdict: 6 violated, .*\(exit 1\)$/m);
  });

  it('reads the rules from standard input with -', () => {
    const r = get('stdin');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rules: <stdin> (iptables-save, ipv4)');
    expect(r.stdout).toMatch(/^verdict: 15 hold, 14 not applicable \(exit 0\)$/m);
  });

  it('malformed rules: exit 2, file:line:col, the line and a caret, no stack trace', () => {
    const r = get('malformed');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'test/cli/fixtures/malformed-option.rules:27:17: error[unknown-option]: unknown option --frobnicate',
        '27 | -A ISTIO_OUTPUT --frobnicate -j ISTIO_REDIRECT',
        '                     ^^^^^^^^^^^^',
        'test/cli/fixtures/malformed-option.rules: 1 error; the rules were not checked',
        '',
      ].join('\n'),
    );
  });

  it('an unsupported match that decides verdicts: exit 3, with the warning and the undetermined trace', () => {
    const r = get('statistic');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^ {2}undetermined +terminates/m);
    expect(r.stdout).toContain('warning[unsupported-match]: -m statistic is not modelled');
    expect(r.stdout).toMatch(/^verdict: 3 undetermined, 12 hold, 14 not applicable \(exit 3\)$/m);
    expect(r.stdout).not.toContain('VIOLATED');
  });

  it('an unknown option: exit 2, the error and one line pointing at --help', () => {
    const r = get('unknownOption');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unknown option '--frobnicate'$/m);
    expect(r.stderr).toBe("error: unknown option '--frobnicate'\nRun 'sidecar-chains check --help' for usage.\n");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('trace --json matches the schema, with hits and landings', () => {
    const r = get('traceJson');
    expect(r.code).toBe(0);
    const doc = validJson<{
      trace: { disposition: { kind: string }; hops: { hits: { chain: string; index: number }[] }[] };
    }>('trace', r.stdout);
    expect(doc.trace.disposition.kind).toBe('left-pod');
    expect(doc.trace.hops[0]!.hits.filter((h) => h.chain === 'ISTIO_OUTPUT').map((h) => h.index)).toEqual([9]);
    expect(doc.trace.hops[1]!.hits.filter((h) => h.chain === 'ISTIO_OUTPUT').map((h) => h.index)).toEqual([4]);
  });

  it('profiles lists every built-in profile', () => {
    const r = get('profiles');
    expect(r.code).toBe(0);
    for (const p of PROFILES) expect(r.stdout).toMatch(new RegExp(`^${p.name.replace('.', '\\.')} `, 'm'));
  });
});
