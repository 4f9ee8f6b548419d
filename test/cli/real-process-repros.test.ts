// Issue 18's quick reproductions through the real process (node bin/sidecar-chains.js), beside the in-process tests
// that cover each in detail: the exit status and the one message a user sees, never a stack (exit 70).
import { describe, expect, it } from 'vitest';
import { STACK_LINE, spawnCli } from './helpers.ts';

const cases: readonly (readonly [string, readonly string[], string | undefined, number, RegExp])[] = [
  [
    'counterexample --path garbage',
    ['counterexample', '--profile', 'istio-1.10', '--invariant', 'terminates', '--path', 'garbage'],
    undefined,
    2,
    /^error: option '--path <path>' argument 'garbage' is invalid\. expected fast-check's replay path/,
  ],
  [
    'a pod IP no pod can have',
    ['check', '--profile', 'istio-1.10', '--pod-ip', '127.0.0.1'],
    undefined,
    2,
    /127\.0\.0\.1 is a loopback address, never a pod's IP/,
  ],
  [
    'repeated --profile',
    ['check', '--profile', 'istio-1.10', '--profile', 'istio-1.25'],
    undefined,
    2,
    /^error: option '--profile <name>' given more than once/,
  ],
  [
    'a bare IPv6 --dst',
    ['trace', '--profile', 'istio-1.10', '--dst', 'fd00:250::3:8080'],
    undefined,
    2,
    /\(e\.g\. \[fd00:250::3\]:8080\)/,
  ],
  ['a file that is only "iptables-save"', ['check', '-'], 'iptables-save\n', 2, /has no tables/],
  ['CRLF line endings', ['check', '-'], '*nat\r\n:OUTPUT ACCEPT [0:0]\r\nCOMMIT\r\n', 2, /error\[crlf\]/],
];

describe("issue 18's reproductions, the real process", () => {
  it('each ends with its exit status and message, no stack', async () => {
    const results = await Promise.all(
      cases.map(([, args, stdin]) => spawnCli(args, stdin === undefined ? {} : { stdin })),
    );
    results.forEach((r, i) => {
      const [name, , , code, message] = cases[i]!;
      expect(r.code, name).toBe(code);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).not.toMatch(STACK_LINE);
    });
  });

  it('an IPv4-mapped IPv6 destination is traced through the IPv4 rules and says so', async () => {
    const r = await spawnCli(['trace', '--profile', 'istio-1.10', '--dst', '[::ffff:10.0.0.1]:80']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: ::ffff:10.0.0.1 is IPv4-mapped');
    expect(r.stdout).toContain('10.0.0.1:80');
  });
});
