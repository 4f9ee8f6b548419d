// Issue 16 ("a terminal citizen") and issue 18 (option values validated at the boundary): usage errors are one
// error and one pointer at --help; values a command takes once are refused when repeated; enumerated values get
// "did you mean"; help fits the terminal; a closed stdout ends the command quietly.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, STACK_LINE, spawnCli } from './helpers.ts';

const usageError = async (args: string[], message: string | RegExp) => {
  const r = await runCli(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/\nRun 'sidecar-chains \w+ --help' for usage\.\n$/);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
  return r;
};

describe('options a command takes once', () => {
  it.each([
    [['check', '--profile', 'istio-1.10', '--profile', 'istio-1.25'], "'--profile <name>' given more than once"],
    [['check', '--profile', 'istio-1.10', '--proxy-uid', '1', '--proxy-uid', '2'], "'--proxy-uid <uids>' given more"],
    [['check', '--profile', 'istio-1.10', '--app-port', '80', '--app-port', '81'], "'--app-port <port>' given more"],
    [
      ['trace', '--profile', 'istio-1.10', '--dst', '10.0.0.1:80', '--dst', '10.0.0.2:80'],
      "'--dst <ip:port>' given more than once",
    ],
  ])('%j is refused, not "the last one wins"', async (args, message) => {
    await usageError(args, message);
  });

  it('list-valued options accept repeats and lists', async () => {
    const r = await runCli([
      'check',
      '--profile',
      'istio-1.10',
      '--invariant',
      'terminates',
      '--invariant',
      'proxy-no-loop,inbound-once',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const dual = await runCli([
      'check',
      '--profile',
      'istio-1.10',
      '--pod-ip',
      '10.1.0.2',
      '--pod-ip',
      'fd00:1::2',
      '--json',
    ]);
    expect(dual.stderr).toBe('');
  });

  it('--proxy-uid takes a comma list: every listed id is a proxy identity, Envoy runs as the first', async () => {
    const r = await runCli(['check', '--profile', 'istio-1.10', '--proxy-uid', '3,4', '--json']);
    expect(r.code).not.toBe(2);
    const pod = (JSON.parse(r.stdout) as { pod: { proxyIds: unknown; proxy: unknown } }).pod;
    // Without --proxy-gid the gids follow the uids (istio-iptables -g defaults to -u).
    expect(pod.proxyIds).toEqual({ uids: [3, 4], gids: [3, 4] });
    expect(pod.proxy).toEqual({ uid: 3, gid: 3 });
    await usageError(['check', '--profile', 'istio-1.10', '--proxy-uid', '3,x'], '--proxy-uid');
  });
});

describe('options whose help says "repeatable" (the real process)', () => {
  it('--env and --dns-server add to their lists in generate', async () => {
    const r = await spawnCli([
      'generate',
      '--istio-args',
      '-p 15001 -z 15006 -u 1337 -m REDIRECT -i "*"',
      '--env',
      'ISTIO_META_DNS_CAPTURE=true',
      '--env',
      'ISTIO_META_DNS_AUTO_ALLOCATE=true',
      '--dns-server',
      '10.96.0.10',
      '--dns-server',
      '10.96.0.11',
      '--istio-version',
      '1.25',
      '--format',
      'iptables-save',
    ]);
    expect(r.stderr).not.toContain('given more than once');
    expect(r.code).toBe(0);
    // Both nameservers reach the generator: DNS capture redirects each of them.
    expect(r.stdout).toContain('10.96.0.10');
    expect(r.stdout).toContain('10.96.0.11');
  });

  it('--group adds to its list in check', async () => {
    const r = await spawnCli(['check', '--profile', 'istio-1.25', '--group', 'a=1', '--group', 'b=2', '--json']);
    expect(r.stderr).not.toContain('given more than once');
    expect(r.code).toBe(0);
  });
});

describe('did you mean', () => {
  it.each([
    [
      ['check', '--profile', 'istio-1.26'],
      /"istio-1\.26" is not one of .* \(did you mean istio-1\.22 or istio-1\.25\?\)/,
    ],
    [
      ['check', '--profile', 'istio-1.10', '--invariant', 'proxy-no-lop'],
      'unknown invariant "proxy-no-lop" (did you mean proxy-no-loop?)',
    ],
    [['trace', '--profile', 'istio-1.10', '--from', 'kublet', '--dst', '10.0.0.1:80'], '(did you mean kubelet?)'],
    [['trace', '--profile', 'istio-1.10', '--actor', 'pilot', '--dst', '10.0.0.1:80'], '(did you mean pilot-agent?)'],
    [
      ['explain', '--profile', 'istio-1.10', '--table', 'nta', '--chain', 'OUTPUT', '--rule', '1'],
      '(did you mean nat?)',
    ],
    [['check', '--profile', 'istio-1.10', '--family', 'ipv5'], '(did you mean ipv4 or ipv6?)'],
    [
      ['check', '--profile', 'istio-1.10', '--envoy-behaviour', 'istio-1.2'],
      '(did you mean istio-1.22 or istio-1.25?)',
    ],
    [['generate', '--istio-args', '-p 15001', '--format', 'dryrun'], '(did you mean dry-run?)'],
    [['generate', '--istio-args', '-p 15001', '--backend', 'nft'], '(did you mean nftables?)'],
    [
      ['generate', '--istio-args', '-p 15001', '--backend', 'nftables', '--backend', 'iptables'],
      'given more than once',
    ],
    [['check', '--istio-args', '-p 15001', '--istio-args', '-p 15002'], "'--istio-args <args>' given more than once"],
    [['check', '--config', 'a.json', '--config', 'b.json'], "'--config <file>' given more than once"],
  ])('%j', async (args, message) => {
    await usageError(args, message);
  });
});

describe('pod IPs are addresses a pod can have', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['0.0.0.0', 'the unspecified address'],
    ['255.255.255.255', 'the broadcast address'],
    ['224.0.0.1', 'a multicast address'],
    ['::1', 'a loopback address'],
    ['::ffff:10.0.0.1', 'an IPv4-mapped IPv6 address (give the IPv4 address itself)'],
  ])('--pod-ip %s is refused: %s', async (ip, why) => {
    await usageError(['check', '--profile', 'istio-1.10', '--pod-ip', ip], `${ip} is ${why}, never a pod's IP`);
  });
});

describe('help', () => {
  it('is wrapped to 80 columns when the width is unknown, and to COLUMNS when set', async () => {
    for (const [env, width] of [
      [{}, 80],
      [{ COLUMNS: '72' }, 72],
    ] as const) {
      for (const cmd of [[], ['check'], ['trace']]) {
        const r = await runCli([...cmd, '--help'], { env });
        expect(r.code).toBe(0);
        for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
      }
    }
  });

  it("every command's help fits 80 columns, its exit codes are one paragraph each, its examples stay copyable", async () => {
    for (const cmd of ['check', 'trace', 'explain', 'profiles', 'generate', 'docs', 'counterexample']) {
      const r = await spawnCli([cmd, '--help'], { env: { COLUMNS: undefined } });
      expect(r.code).toBe(0);
      for (const line of r.stdout.split('\n')) expect(line.length, `${cmd}: ${line}`).toBeLessThanOrEqual(80);
      // A line continued with " \\" must not end inside a single-quoted argument (the backslash would be literal).
      for (const line of r.stdout.split('\n').filter((l) => l.endsWith(' \\'))) {
        expect((line.match(/'/g) ?? []).length % 2, `${cmd}: ${line}`).toBe(0);
      }
    }
    const wide = await spawnCli(['check', '--help'], { env: { COLUMNS: '250' } });
    expect(wide.stdout).toMatch(
      /^ {2}2 {3}bad input or usage: .* rules the kernel would refuse to load, unknown option or value, a limit of the analysis reached$/m,
    );
    expect(wide.stdout).toMatch(
      /^ {2}4 {3}no violation, .* \(--config, --istio-args, --pod\) generates: the drift is listed$/m,
    );
    const generate = await spawnCli(['generate', '--help'], { env: { COLUMNS: '250' } });
    expect(generate.stdout).toContain('Exit codes:\n  0   generated\n  2   bad input or usage');
  });

  it("each command lists its own exit codes, not check's", async () => {
    const trace = (await runCli(['trace', '--help'])).stdout;
    expect(trace).toContain('1   the traced connection loops');
    expect(trace).not.toContain('every invariant');
    const explain = (await runCli(['explain', '--help'])).stdout;
    expect(explain).not.toMatch(/^ {2}1 /m);
  });
});

/** The real process with its stdout closed before it writes: it must end quietly with its own status. */
function closedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sidecar-chains.js'), ...args], { cwd: ROOT });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout (sidecar-chains --help | head -1)', () => {
  it('--help ends with status 0 and nothing on stderr', async () => {
    const r = await closedStdout(['--help']);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('check ends with its own status (1: istio-1.10 violates invariants)', async () => {
    const r = await closedStdout(['check', '--profile', 'istio-1.10']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
});

describe('what the output tells about the input', () => {
  const filter = (...rules: string[]) =>
    ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join(
      '\n',
    );

  it("a dump without an ISTIO_* chain is said not to be a sidecar's; its warnings are grouped by kind with counts", async () => {
    const rules = Array.from({ length: 30 }, (_, i) => `-A INPUT -m time --timestart 0${i % 10}:00 -j ACCEPT`);
    const r = await runCli(['check', '-'], { stdin: filter(...rules) });
    expect(r.stdout).toContain(
      "note: <stdin> has no Istio chain (ISTIO_*, istio-*): this is not an Istio sidecar's dump",
    );
    expect(r.stdout).toContain('warnings (30, grouped by kind)');
    expect(r.stdout.match(/warning\[unsupported-match\]/g)).toHaveLength(1);
    expect(r.stdout).toContain(
      '(unsupported-match: 30 in all; also on lines 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, …)',
    );
  });

  it('replay commands for standard input name FILE and say to save the input', async () => {
    const profile = (await runCli(['profiles', '--print', 'istio-1.10'])).stdout;
    const r = await runCli(['check', '-'], { stdin: profile });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'note: the replay commands below read FILE: save the input you piped in to a file first',
    );
    expect(r.stdout).toMatch(/replay +sidecar-chains trace FILE /);
    expect(r.stdout).not.toMatch(/sidecar-chains trace - /);
  });

  it('the "iptables-legacy tables present" line of iptables-nft-save is understood', async () => {
    const profile = (await runCli(['profiles', '--print', 'istio-1.25'])).stdout;
    const stdin = `# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n${profile}`;
    const r = await runCli(['check', '-'], { stdin });
    expect(r.stderr).toContain(
      'note: <stdin> says "iptables-legacy tables present": the kernel also runs rules this dump does not show',
    );
  });

  it('two IPv4 dumps pasted together get a clear message, not "IPv4 address in an IPv6 ruleset"', async () => {
    const a = (await runCli(['profiles', '--print', 'istio-1.25'])).stdout;
    const b = (await runCli(['profiles', '--print', 'istio-1.10'])).stdout;
    const r = await runCli(['check', '-'], { stdin: a + b });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: <stdin>: two IPv4 dumps one after the other \(table nat starts on line 2 and again on line \d+\)/,
    );
    expect(r.stderr).not.toContain('IPv6 ruleset');
  });

  it('trace --from with a destination that is not the pod IP hints at --pod-ip', async () => {
    const r = await runCli(['trace', '--profile', 'istio-1.25', '--from', 'remote', '--dst', '10.1.2.3:8080']);
    expect(r.stderr).toContain("hint: 10.1.2.3 is not the pod's IP in this model");
    expect(r.stderr).toContain('add --pod-ip 10.1.2.3');
    const given = await runCli([
      'trace',
      '--profile',
      'istio-1.25',
      '--from',
      'remote',
      '--dst',
      '10.1.2.3:8080',
      '--pod-ip',
      '10.1.2.3',
    ]);
    expect(given.stderr).not.toContain('hint:');
  });
});
