// Each nft error with its code and position (line, column of the offending word), warnings for what is valid but not
// modelled (kept in the tree, never dropped), and the shared formatter's caret.
import { describe, expect, test } from 'vitest';
import { parseNft, printRule } from '../../model/nft/index.ts';
import { formatIssue } from '../../model/rules/index.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const issues = (text: string) =>
  parseNft(text).issues.map(({ code, severity, line, column }) => ({ code, severity, line, column }));
/** 1-based column of `needle` on `line` of `text`. */
function colOf(text: string, line: number, needle: string): number {
  const at = text.split('\n')[line - 1]!.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not on line ${line}`);
  return at + 1;
}
/** 1-based column of `word` standing alone (between blanks or line ends) on `line` of `text`. */
function wordCol(text: string, line: number, word: string): number {
  const m = new RegExp(`(^|\\s)${word}(\\s|$)`).exec(text.split('\n')[line - 1]!);
  if (!m) throw new Error(`${word} not on line ${line}`);
  return m.index + m[1]!.length + 1;
}
const error = (code: string, line: number, column: number) => ({ code, severity: 'error', line, column });
const warning = (code: string, line: number, column: number) => ({ code, severity: 'warning', line, column });

const TABLE = 'add table inet t';
const CHAIN = 'add chain inet t c';

describe('structure', () => {
  test('empty input and comment-only input', () => {
    expect(issues('')).toEqual([error('empty-input', 1, 1)]);
    expect(issues('# nothing\n\n')).toEqual([error('empty-input', 1, 1)]);
  });

  test('a word that starts no command', () => {
    const text = lines(TABLE, '  bogus table inet t');
    expect(issues(text)).toEqual([error('unknown-command', 2, colOf(text, 2, 'bogus'))]);
  });

  test('a chain in a table that does not exist, a rule in a chain that does not exist', () => {
    const text = lines('add chain inet nowhere c', TABLE, 'add rule inet t missing accept');
    expect(issues(text)).toEqual([
      error('unknown-table', 1, wordCol(text, 1, 'c')),
      error('unknown-chain', 3, colOf(text, 3, 'accept')),
    ]);
  });

  test('insert at an index that names no rule (Istio #58135: index 1 into an empty chain)', () => {
    const text = lines(TABLE, CHAIN, 'insert rule inet t c index 1 counter return');
    expect(issues(text)).toEqual([error('bad-insert-position', 3, colOf(text, 3, 'index'))]);
    const ok = lines(TABLE, CHAIN, 'add rule inet t c accept', 'insert rule inet t c index 0 counter return');
    expect(issues(ok)).toEqual([]);
  });

  test('a jump to a chain that does not exist', () => {
    const text = lines(TABLE, CHAIN, 'add rule inet t c counter jump elsewhere');
    expect(issues(text)).toEqual([error('undefined-chain', 3, colOf(text, 3, 'jump'))]);
  });

  test('deleting a rule by a handle that is not there; creating a table twice', () => {
    const text = lines(TABLE, CHAIN, 'delete rule inet t c handle 9', 'create table inet t');
    expect(issues(text)).toEqual([
      error('unknown-handle', 3, colOf(text, 3, 'handle')),
      error('duplicate-object', 4, wordCol(text, 4, 't')),
    ]);
  });

  test('an unclosed table block and an unterminated string', () => {
    const text = lines('table inet t {', '\tchain c {', '\t\taccept', '\t}');
    expect(issues(text)).toEqual([error('syntax-error', 1, 1)]);
    const quote = lines(TABLE, CHAIN, 'add rule inet t c iifname "eth0 accept');
    expect(issues(quote)).toContainEqual(error('syntax-error', 3, colOf(quote, 3, '"')));
  });
});

describe('values and chains', () => {
  test('an address, a port, a protocol and a ct state that are not what their expression takes', () => {
    const text = lines(
      TABLE,
      CHAIN,
      'add rule inet t c ip saddr 300.1.1.1 accept',
      'add rule inet t c tcp dport 70000 accept',
      'add rule inet t c meta l4proto tcpp accept',
      'add rule inet t c ct state established,bogus accept',
      'add rule inet t c ip6 daddr 10.0.0.1 accept',
    );
    expect(issues(text)).toEqual([
      error('bad-value', 3, colOf(text, 3, '300')),
      error('bad-value', 4, colOf(text, 4, '70000')),
      error('bad-value', 5, colOf(text, 5, 'tcpp')),
      error('bad-value', 6, colOf(text, 6, 'bogus')),
      error('bad-value', 7, colOf(text, 7, '10.0.0.1')),
    ]);
  });

  // What nft 1.x says to each (checked with `nft -c -f` in a namespace): "syntax error, unexpected accept",
  // "Could not resolve service: Servname not supported for ai_socktype", and no error for `http` (port 80).
  test('a verdict or statement word where a value belongs is a syntax error there, never a value', () => {
    const text = lines(TABLE, CHAIN, 'add rule inet t c tcp dport accept', 'add rule inet t c udp sport counter drop');
    expect(issues(text)).toEqual([
      error('syntax-error', 3, colOf(text, 3, 'accept')),
      error('syntax-error', 4, colOf(text, 4, 'counter')),
    ]);
  });

  test('a service name nft cannot resolve is refused; a known one is its port', () => {
    const text = lines(TABLE, CHAIN, 'add rule inet t c tcp dport nosuchservice accept');
    expect(issues(text)).toEqual([error('bad-value', 3, colOf(text, 3, 'nosuchservice'))]);
    const known = parseNft(lines(TABLE, CHAIN, 'add rule inet t c tcp dport { http, ssh, 15001 } accept'));
    expect(known.issues).toEqual([]);
    const rule = known.value?.ruleset.tables[0]?.chains[0]?.rules[0];
    expect(printRule(rule!)).toBe('tcp dport { 80, 22, 15001 } accept');
  });

  test('a match without a value', () => {
    const text = lines(TABLE, CHAIN, 'add rule inet t c meta l4proto');
    expect(issues(text)).toEqual([error('missing-argument', 3, colOf(text, 3, 'meta'))]);
  });

  test('a priority name the hook does not take, a hook that does not exist', () => {
    const text = lines(
      TABLE,
      'add chain inet t c { type filter hook prerouting priority srcnat ; }',
      'add chain inet t d { type filter hook sideways priority 0 ; }',
    );
    expect(issues(text)).toEqual([
      error('bad-value', 2, colOf(text, 2, 'srcnat')),
      error('bad-value', 3, colOf(text, 3, 'sideways')),
    ]);
  });

  test('symbolic priorities are numbers per family and hook', () => {
    const text = lines(
      'table inet t {',
      '\tchain a { type filter hook prerouting priority mangle - 5; }',
      '\tchain b { type nat hook output priority dstnat; }',
      '\tchain c { type filter hook input priority filter + 10; policy drop; }',
      '}',
    );
    const chains = parseNft(text).value!.ruleset.tables[0]!.chains;
    expect(chains.map((c) => [c.name, c.base?.priority, c.base?.policy])).toEqual([
      ['a', -155, undefined],
      ['b', -100, undefined],
      ['c', 10, 'drop'],
    ]);
  });
});

describe('valid but not modelled: kept, with a warning', () => {
  test('an expression and a statement this model does not know', () => {
    const text = lines(TABLE, CHAIN, 'add rule inet t c fib daddr type local counter log prefix "x" accept');
    expect(issues(text)).toEqual([
      warning('unsupported-statement', 3, colOf(text, 3, 'fib')),
      warning('unsupported-statement', 3, colOf(text, 3, 'log')),
    ]);
    const rule = parseNft(text).value!.ruleset.tables[0]!.chains[0]!.rules[0]!;
    expect(rule.statements.map((s) => (s.kind === 'unsupported' ? s.text : s.kind))).toEqual([
      'fib daddr type local',
      'counter',
      'log prefix "x"',
      'verdict',
    ]);
  });

  test('a map in a table block', () => {
    const text = lines('table ip t {', '\tmap m {', '\t\ttype ipv4_addr : verdict', '\t}', '}');
    expect(issues(text)).toEqual([warning('unsupported-object', 2, 2)]);
    expect(parseNft(text).value!.ruleset.tables[0]!.unsupported).toHaveLength(1);
  });
});

describe('JSON', () => {
  test('a JSON syntax error, a missing family, and a statement this model does not know', () => {
    const syntax = '{"nftables": [\n  {"table": {"family": "inet" "name": "t"}}\n]}';
    expect(issues(syntax)).toEqual([error('bad-json', 2, colOf(syntax, 2, '"name"'))]);
    const noFamily = '{"nftables": [\n  {"table": {"name": "t"}}\n]}';
    expect(issues(noFamily)).toEqual([error('bad-json', 2, colOf(noFamily, 2, '{"name"'))]);
    const text = [
      '{"nftables": [',
      '  {"table": {"family": "ip", "name": "t"}},',
      '  {"chain": {"family": "ip", "table": "t", "name": "c"}},',
      '  {"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"log": {"prefix": "x"}}, {"accept": null}]}}',
      ']}',
    ].join('\n');
    expect(issues(text)).toEqual([warning('unsupported-statement', 4, colOf(text, 4, '{"log"'))]);
  });
});

test('issues render with file:line:col and a caret under the word', () => {
  const text = lines(TABLE, CHAIN, 'add rule inet t c tcp dport 70000 accept');
  const issue = parseNft(text).issues[0]!;
  expect(formatIssue(issue, text, 'rules.nft')).toBe(
    [
      'rules.nft:3:29: error[bad-value]: 70000 is out of range for inet_service (0 to 65535)',
      '3 | add rule inet t c tcp dport 70000 accept',
      `    ${' '.repeat(28)}^^^^^`,
    ].join('\n'),
  );
});
