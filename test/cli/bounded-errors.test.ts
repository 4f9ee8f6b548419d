// Issue 18: error reports are bounded and linear, and input the kernel would refuse (or that is not a dump at all)
// never passes silently. The reproductions from the issue run through the real CLI process where the issue saw a
// crash; the rest run main() in-process.
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE, spawnCli } from './helpers.ts';

const nat = (...rules: string[]) => ['*nat', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n');

describe('bounded error reports', () => {
  it('14,000 "!" flags on one line: exit 2 with 20 clipped excerpts and the count of the rest, not RangeError', async () => {
    const stdin = `*nat\n-A OUTPUT${' !'.repeat(14000)} -j RETURN\nCOMMIT\n`;
    const r = await spawnCli(['check', '-'], { stdin });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).toContain('<stdin>: 13,980 more issues not shown (--max-issues 0 shows them all)');
    expect(r.stderr).toContain('<stdin>: 14,000 errors; the rules were not checked');
    expect(r.stderr.match(/error\[bad-value\]/g)).toHaveLength(20);
    // Every excerpt is clipped: no printed line is longer than the window plus gutter and markers.
    for (const line of r.stderr.split('\n')) expect(line.length).toBeLessThan(300);
  });

  it('50,000 errors are counted, 20 shown; --max-issues picks how many, 0 shows all', async () => {
    const many = (n: number) => nat(...Array.from({ length: n }, (_, i) => `-A OUTPUT -j NOPE${i}`));
    const r = await runCli(['check', '-'], { stdin: many(50_000) });
    expect(r.code).toBe(2);
    expect(r.stderr.match(/error\[undefined-chain\]/g)).toHaveLength(20);
    expect(r.stderr).toContain('49,980 more issues not shown');
    const three = await runCli(['check', '-', '--max-issues', '3'], { stdin: many(30) });
    expect(three.stderr.match(/error\[undefined-chain\]/g)).toHaveLength(3);
    const all = await runCli(['check', '-', '--max-issues', '0'], { stdin: many(30) });
    expect(all.stderr.match(/error\[undefined-chain\]/g)).toHaveLength(30);
    expect(all.stderr).not.toContain('not shown');
  });

  it('the caret stays under the column of an error far into a long line', async () => {
    const r = await runCli(['check', '-'], {
      stdin: nat(`-A OUTPUT -m comment --comment "${'x'.repeat(20_000)}" -j NOPE`),
    });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => l.includes('error[undefined-chain]'));
    const excerpt = lines[at + 1]!;
    const caret = lines[at + 2]!;
    expect(excerpt.length).toBeLessThan(90);
    expect(excerpt.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('NOPE');
  });
});

describe('nothing passes silently', () => {
  it('a file that is only the line iptables-save is refused, not "0 hold, exit 0"', async () => {
    const r = await spawnCli(['check', '-'], { stdin: 'iptables-save\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('<stdin> has no tables');
  });

  it('CRLF line endings: exit 2, refused by both backends at the first line', async () => {
    const r = await runCli(['check', '-'], { stdin: nat('-A OUTPUT -j RETURN').replaceAll('\n', '\r\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:1:5: error\[crlf\]: .*dos2unix/m);
    expect(r.stderr).toContain('the kernel would refuse to load these rules; nothing was checked');
  });

  it('an unknown match and an unknown target are refused with their lines', async () => {
    const r = await runCli(['check', '-'], {
      stdin: nat('-A OUTPUT -m nosuchmatch --x 1 -j RETURN', '-A OUTPUT -j NOSUCHTARGET --y 2'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:3:11: error\[unknown-match\]: -m nosuchmatch/m);
    expect(r.stderr).toMatch(/^<stdin>:4:14: error\[unknown-target\]: NOSUCHTARGET/m);
  });

  it('DROP in nat is refused with its line (the parser refuses it as iptables does)', async () => {
    const r = await runCli(['check', '-'], { stdin: nat('-A OUTPUT -j DROP') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:3:14: error\[illegal-target\]: iptables refuses DROP in the nat table/m);
  });

  it('a jump depth of 16 is a warning for iptables-nft only; 15 loads everywhere', async () => {
    const depth = (n: number) => {
      const chains = Array.from({ length: n }, (_, i) => `C${i}`);
      return nat(
        ...chains.map((c) => `:${c} - [0:0]`),
        '-A OUTPUT -j C0',
        ...chains.slice(0, -1).map((c, i) => `-A ${c} -j C${i + 1}`),
      );
    };
    const deep = await runCli(['check', '-', '--invariant', 'dead-rules'], { stdin: depth(16) });
    expect(deep.stderr).toMatch(/^<stdin>:\d+:1: warning: iptables-nft\[jump-depth\]: .*16 chains deep/m);
    expect(deep.code).not.toBe(2);
    const ok = await runCli(['check', '-', '--invariant', 'dead-rules'], { stdin: depth(15) });
    expect(ok.stderr).not.toContain('jump-depth');
  });
});

describe('resource limits are typed refusals', () => {
  it('1,000 rules in a chain nothing jumps to: checked (no packet enters it, so it costs no class)', async () => {
    const rules = Array.from(
      { length: 1000 },
      (_, i) =>
        `-A X -s 10.${i >> 8}.${i & 255}.1/32 -p tcp --dport ${1000 + i} -m owner --uid-owner ${2000 + i} -j RETURN`,
    );
    const r = await spawnCli(['check', '-', '--json'], { stdin: nat(':X - [0:0]', ...rules) });
    expect(r.stderr).not.toMatch(/^error:/m);
    // 5: the rules capture nothing (no Istio chain); the dead-rule lint names the chain once, with its rule count.
    expect(r.code).toBe(5);
    const dead = JSON.parse(r.stdout).deadRules;
    expect(dead).toEqual([
      expect.objectContaining({
        chain: 'X',
        index: 1,
        explanation:
          'Chain X of nat is unreferenced: no rule jumps to it, so all 1,000 of its rules (1 to 1000) are dead.',
      }),
    ]);
  });

  it('5,000 reachable rules that are no list (each its own CIDR and uid): refused (exit 2), the chain to blame', async () => {
    const rules = Array.from(
      { length: 5000 },
      (_, i) => `-A OUTPUT -d 100.${64 + (i >> 8)}.${i & 255}.0/24 -m owner --uid-owner ${2000 + i} -j RETURN`,
    );
    const r = await spawnCli(['check', '-'], { stdin: nat(...rules) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // 2,500 + 20 per constant (two per rule) + 250 for the application's one port = 202,750 classes, each walking up
    // to 5,000 rules.
    expect(r.stderr).toMatch(
      /^error: <stdin>: checking the ipv4 rules would walk about 202,750 packet classes through 5,000 reachable rules \(1\.0e\+9 rule steps, limit 1\.0e\+8\)/,
    );
    expect(r.stderr).toContain('Most come from chain OUTPUT (5,000 rules from line 3)');
  });

  it('more than 50,000 rule lines are refused before parsing', async () => {
    const r = await runCli(['check', '-'], {
      stdin: nat(...Array.from({ length: 50_001 }, () => '-A OUTPUT -j RETURN')),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: <stdin> has 50,001 rules \(limit 50,000\)/);
  });
});
