// Each error class with its code and position, and formatIssue's file:line:col and caret.
import { describe, expect, test } from 'vitest';
import { parseDump, parseDumpOrThrow } from '../../model/rules/parse.ts';
import { formatIssue, RulesParseError } from '../../model/syntax/index.ts';
import { where } from './helpers.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const errors = (text: string) => where(parseDump(text).issues);
/** 1-based column of `needle` on `line` of `text`. */
function colOf(text: string, line: number, needle: string): number {
  const at = text.split('\n')[line - 1]!.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not on line ${line}`);
  return at + 1;
}

describe('structure', () => {
  test('empty input and comment-only input', () => {
    expect(errors('')).toEqual([{ code: 'empty-input', line: 1, column: 1 }]);
    expect(errors('# nothing\n\n')).toEqual([{ code: 'empty-input', line: 1, column: 1 }]);
  });

  test('missing COMMIT before the next table, and at the end', () => {
    const text = lines('*nat', '-A OUTPUT -j ACCEPT', '*filter', '-A INPUT -j ACCEPT');
    expect(errors(text)).toEqual([
      { code: 'missing-commit', line: 3, column: 1 },
      { code: 'missing-commit', line: 4, column: 19 },
    ]);
  });

  test('a rule outside any table', () => {
    const text = lines('*nat', 'COMMIT', '-A OUTPUT -j ACCEPT');
    expect(errors(text)).toEqual([{ code: 'rule-outside-table', line: 3, column: 1 }]);
  });

  test('unknown table, unknown chain, duplicate -N, user-chain policy, bad insert position', () => {
    expect(errors(lines('*bogus', 'COMMIT'))).toEqual([{ code: 'unknown-table', line: 1, column: 2 }]);
    expect(errors(lines('*filter', '-A PREROUTING -j ACCEPT', 'COMMIT'))).toEqual([
      { code: 'unknown-chain', line: 2, column: 4 },
    ]);
    expect(errors(lines('*nat', '-N ISTIO_X', '-N ISTIO_X', 'COMMIT'))).toEqual([
      { code: 'duplicate-chain', line: 3, column: 4 },
    ]);
    expect(errors(lines('*nat', ':ISTIO_X ACCEPT [0:0]', ':OUTPUT - [0:0]', 'COMMIT'))).toEqual([
      { code: 'builtin-chain-policy', line: 2, column: 10 },
      { code: 'builtin-chain-policy', line: 3, column: 9 },
    ]);
    expect(errors(lines('*nat', '-N X', '-A X -j RETURN', '-I X 3 -j RETURN', 'COMMIT'))).toEqual([
      { code: 'bad-insert-position', line: 4, column: 6 },
    ]);
    expect(errors(lines('*nat', '-N LOG', 'COMMIT'))).toEqual([{ code: 'bad-value', line: 2, column: 4 }]);
  });

  test('an unknown option, stray word and bad value keep their columns', () => {
    const text = lines('*filter', '-A OUTPUT -p tcp -m tcp --bogus 1 --dport 99999 -j ACCEPT', 'COMMIT');
    expect(errors(text)).toEqual([
      { code: 'unknown-option', line: 2, column: colOf(text, 2, '--bogus') },
      { code: 'bad-value', line: 2, column: colOf(text, 2, '99999') },
    ]);
  });
});

describe('jumps', () => {
  test('a jump to an undefined chain', () => {
    const text = lines('*nat', '-A OUTPUT -j ISTIO_OUTPUT', 'COMMIT');
    expect(errors(text)).toEqual([{ code: 'undefined-chain', line: 2, column: 14 }]);
  });

  test('a cycle is reported at the jump that closes it', () => {
    const text = lines('*filter', '-N A', '-N B', '-A A -j B', '-A B -g A', 'COMMIT');
    expect(errors(text)).toEqual([{ code: 'chain-cycle', line: 5, column: 9 }]);
    expect(errors(lines('*filter', '-N A', '-A A -j A', 'COMMIT'))).toEqual([
      { code: 'chain-cycle', line: 3, column: 9 },
    ]);
  });
});

describe('options illegal where they stand', () => {
  test('-i in a chain reached from OUTPUT loads: iptables checks the built-in chain by name only', () => {
    const text = lines(
      '*nat',
      '-N ISTIO_OUTPUT',
      '-A OUTPUT -j ISTIO_OUTPUT',
      '-A ISTIO_OUTPUT -i eth0 -j RETURN',
      'COMMIT',
    );
    expect(where(parseDump(text).issues)).toEqual([]);
    const direct = parseDump(lines('*nat', '-A OUTPUT -i eth0 -j RETURN', 'COMMIT'));
    expect(where(direct.issues)).toEqual([{ code: 'illegal-option', line: 2, column: 11 }]);
    expect(direct.issues[0]!.message).toContain('OUTPUT');
  });

  test('-i directly in POSTROUTING; -o in PREROUTING and in a chain reached from INPUT', () => {
    expect(errors(lines('*nat', '-A POSTROUTING -i eth0 -j ACCEPT', 'COMMIT'))).toEqual([
      { code: 'illegal-option', line: 2, column: 16 },
    ]);
    expect(errors(lines('*mangle', '-A PREROUTING ! -o lo -j ACCEPT', 'COMMIT'))).toEqual([
      { code: 'illegal-option', line: 2, column: 17 },
    ]);
    // In a user chain reached from INPUT it loads (and sees an empty output interface).
    const text = lines('*filter', '-N IN', '-A INPUT -j IN', '-A IN -o eth0 -j DROP', 'COMMIT');
    expect(errors(text)).toEqual([]);
  });

  test('owner in PREROUTING, directly or through a chain; fine in OUTPUT', () => {
    expect(errors(lines('*nat', '-A PREROUTING -m owner --uid-owner 1 -j RETURN', 'COMMIT'))).toEqual([
      { code: 'illegal-option', line: 2, column: 15 },
    ]);
    const text = lines(
      '*mangle',
      '-N X',
      '-A PREROUTING -j X',
      '-A OUTPUT -j X',
      '-A X -m owner --gid-owner 1 -j RETURN',
      'COMMIT',
    );
    expect(errors(text)).toEqual([{ code: 'illegal-option', line: 5, column: 6 }]);
    expect(errors(lines('*nat', '-A OUTPUT -m owner --uid-owner 1 -j RETURN', 'COMMIT'))).toEqual([]);
  });

  test('an owner name (unsupported) is still refused in PREROUTING', () => {
    const result = parseDump(lines('*nat', '-A PREROUTING -m owner --uid-owner root -j RETURN', 'COMMIT'));
    expect(where(result.issues)).toEqual([
      { code: 'unsupported-match', line: 2, column: 15 },
      { code: 'illegal-option', line: 2, column: 15 },
    ]);
  });

  test('REDIRECT in filter and in nat POSTROUTING', () => {
    expect(errors(lines('*filter', '-A OUTPUT -p tcp -j REDIRECT --to-ports 1', 'COMMIT'))).toEqual([
      { code: 'illegal-target', line: 2, column: 21 },
    ]);
    const text = lines('*nat', '-N R', '-A POSTROUTING -j R', '-A R -p tcp -j REDIRECT', 'COMMIT');
    expect(errors(text)).toEqual([{ code: 'illegal-target', line: 4, column: 16 }]);
  });

  test('DNAT, SNAT and MASQUERADE hooks', () => {
    expect(errors(lines('*nat', '-A INPUT -j DNAT --to-destination 1.2.3.4', 'COMMIT'))).toEqual([
      { code: 'illegal-target', line: 2, column: 13 },
    ]);
    expect(errors(lines('*nat', '-A OUTPUT -j SNAT --to-source 1.2.3.4', 'COMMIT'))).toEqual([
      { code: 'illegal-target', line: 2, column: 14 },
    ]);
    // xt_MASQUERADE.c registers POST_ROUTING only.
    expect(errors(lines('*nat', '-A INPUT -j MASQUERADE', 'COMMIT'))).toEqual([
      { code: 'illegal-target', line: 2, column: 13 },
    ]);
  });

  test('TPROXY outside mangle PREROUTING; CT outside raw', () => {
    expect(errors(lines('*mangle', '-A OUTPUT -p tcp -j TPROXY --on-port 1', 'COMMIT'))).toEqual([
      { code: 'illegal-target', line: 2, column: 21 },
    ]);
    expect(errors(lines('*nat', '-A PREROUTING -p tcp -j TPROXY --on-port 1', 'COMMIT'))).toEqual([
      { code: 'illegal-target', line: 2, column: 25 },
    ]);
    expect(errors(lines('*mangle', '-A OUTPUT -j CT --zone 1', 'COMMIT'))).toEqual([
      { code: 'illegal-target', line: 2, column: 14 },
    ]);
  });

  test('chains no hook reaches are not hook-checked (Istio declares such chains)', () => {
    const text = lines(
      '*nat',
      '-N ISTIO_INBOUND',
      '-A ISTIO_INBOUND -i lo -o lo -m owner --uid-owner 1 -j REDIRECT',
      'COMMIT',
    );
    expect(errors(text)).toEqual([]);
  });

  test('but the table is always checked', () => {
    const text = lines('*filter', '-N X', '-A X -j REDIRECT', 'COMMIT');
    expect(errors(text)).toEqual([{ code: 'illegal-target', line: 3, column: 9 }]);
  });
});

describe('formatIssue', () => {
  test('file:line:col, the line and a caret under the column', () => {
    const text = lines('*nat', '-N ISTIO_OUTPUT', '-A OUTPUT -j ISTIO_OUTPUT', '-A OUTPUT -i eth0 -j RETURN', 'COMMIT');
    const [issue] = parseDump(text).issues;
    const out = formatIssue(issue!, text, 'rules.txt').split('\n');
    expect(out[0]).toMatch(/^rules\.txt:4:11: error\[illegal-option\]: /);
    expect(out[1]).toBe('4 | -A OUTPUT -i eth0 -j RETURN');
    const caret = out[2]!;
    expect(caret.indexOf('^')).toBe('4 | '.length + 10);
    expect(out[1]!.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('-i eth0');
  });

  test('parseDumpOrThrow throws RulesParseError carrying the issues', () => {
    expect(() => parseDumpOrThrow('*nat\n-A OUTPUT -j NOPE\nCOMMIT\n')).toThrow(RulesParseError);
    try {
      parseDumpOrThrow('*nat\n-A OUTPUT -j NOPE\nCOMMIT\n');
    } catch (error) {
      expect(where((error as RulesParseError).issues)).toEqual([{ code: 'undefined-chain', line: 2, column: 14 }]);
    }
  });
});
