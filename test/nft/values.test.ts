// Addresses as glibc's inet_ntop prints them (what nft shows), priorities as nft names them, and the JSON command form.
import { describe, expect, test } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { formatNftAddr, NFT_1_0_6, parseNft, priorityText, stripNft } from '../../model/nft/index.ts';

describe('formatNftAddr', () => {
  test.each([
    ['127.0.0.6', '127.0.0.6'],
    ['::1', '::1'],
    ['::6', '::6'],
    // IPv4-compatible (six zero groups) and IPv4-mapped addresses keep a dotted tail, unlike RFC 5952's ::7f00:35.
    ['::127.0.0.53', '::127.0.0.53'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['2001:db8::', '2001:db8::'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['::', '::'],
  ])('%s prints as %s', (input, printed) => {
    expect(formatNftAddr(parseAddr(input))).toBe(printed);
  });
});

describe('priorityText', () => {
  test.each([
    [-300, 'inet', 'prerouting', 'raw'],
    [-150, 'inet', 'output', 'mangle'],
    [-155, 'ip', 'prerouting', 'mangle - 5'],
    [-100, 'inet', 'prerouting', 'dstnat'],
    // nft 1.0.6 names dstnat only at prerouting: at output it prints the number.
    [-100, 'inet', 'output', '-100'],
    [100, 'ip', 'postrouting', 'srcnat'],
    [100, 'ip', 'input', '100'],
    [0, 'inet', 'input', 'filter'],
    [3, 'ip6', 'output', 'filter + 3'],
    [-200, 'inet', 'output', '-200'],
    [-200, 'bridge', 'forward', 'filter'],
  ] as const)('%i at %s %s is %s', (value, family, hook, text) => {
    expect(priorityText(value, family, hook, NFT_1_0_6)).toBe(text);
  });

  test('later nft releases name dstnat at output and srcnat at input', () => {
    expect(priorityText(-100, 'inet', 'output', { natNamesAtLocalHooks: true })).toBe('dstnat');
    expect(priorityText(100, 'ip', 'input', { natNamesAtLocalHooks: true })).toBe('srcnat');
  });
});

test('libnftables JSON commands replay like the script they stand for', () => {
  const json = JSON.stringify({
    nftables: [
      { add: { table: { family: 'inet', name: 't' } } },
      {
        add: {
          chain: { family: 'inet', table: 't', name: 'c', type: 'filter', hook: 'output', prio: 0, policy: 'accept' },
        },
      },
      { add: { rule: { family: 'inet', table: 't', chain: 'c', expr: [{ accept: null }] } } },
      { insert: { rule: { family: 'inet', table: 't', chain: 'c', expr: [{ counter: null }, { return: null }] } } },
      { add: { rule: { family: 'inet', table: 't', chain: 'c', index: 0, expr: [{ drop: null }] } } },
    ],
  });
  const script = [
    'add table inet t',
    'add chain inet t c { type filter hook output priority 0 ; policy accept ; }',
    'add rule inet t c accept',
    'insert rule inet t c counter return',
    'add rule inet t c index 0 drop',
  ].join('\n');
  const fromJson = parseNft(json);
  const fromScript = parseNft(script);
  expect(fromJson.issues).toEqual([]);
  expect(fromJson.value!.format).toBe('nft-json');
  expect(stripNft(fromJson.value!.ruleset)).toEqual(stripNft(fromScript.value!.ruleset));
  const rules = fromScript.value!.ruleset.tables[0]!.chains[0]!.rules.map((r) => r.statements.map((s) => s.kind));
  expect(rules).toEqual([['counter', 'verdict'], ['verdict'], ['verdict']]);
});
