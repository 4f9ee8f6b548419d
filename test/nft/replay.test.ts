// The nft -f replay: placement by index and handle, flush and delete, and the handles the kernel would assign
// (checked against the real kernel on Istio's goldens in forms.test.ts; here on small scripts).
import { expect, test } from 'vitest';
import { parseNft, printNftRuleset } from '../../model/nft/index.ts';

const run = (...lines: string[]) => {
  const result = parseNft(`${lines.join('\n')}\n`);
  expect(result.issues).toEqual([]);
  return result.value!.ruleset;
};
const rulesOf = (...lines: string[]) =>
  run(...lines).tables[0]!.chains.map((c) => c.rules.map((r) => [r.handle, printRuleText(r)]));
const printRuleText = (r: { statements: readonly { kind: string }[] }) =>
  r.statements.map((s) => ('verdict' in s ? s.verdict : 'target' in s ? `jump ${s.target}` : s.kind)).join(' ');

const HEAD = ['add table inet t', 'add chain inet t c', 'add chain inet t d'];

test('add appends, insert prepends; index places after (add) or before (insert) the Nth rule', () => {
  expect(
    rulesOf(
      ...HEAD,
      'add rule inet t c accept', // handle 3
      'add rule inet t c drop', // 4
      'insert rule inet t c return', // 5, first
      'add rule inet t c index 0 continue', // 6, after return
      'insert rule inet t c index 3 jump d', // 7, before drop
    ),
  ).toEqual([
    [
      [5, 'return'],
      [6, 'continue'],
      [3, 'accept'],
      [7, 'jump d'],
      [4, 'drop'],
    ],
    [],
  ]);
});

test('a rule cannot be placed by the handle of a rule of the same transaction; replace keeps the handle', () => {
  const text = [...HEAD, 'add rule inet t c accept', 'add rule inet t c handle 3 counter', ''].join('\n');
  expect(parseNft(text).issues.map((i) => [i.code, i.line, i.column])).toEqual([['unknown-handle', 5, 19]]);
  expect(rulesOf(...HEAD, 'add rule inet t c accept', 'replace rule inet t c handle 3 drop')).toEqual([
    [[3, 'drop']],
    [],
  ]);
});

test('an anonymous set takes a handle before its rule; delete by handle; flush empties rules, keeps chains and sets', () => {
  const ruleset = run(
    ...HEAD,
    'add set inet t s { type ipv4_addr ; elements = { 10.0.0.1 } ; }', // set handle 3
    'add rule inet t c tcp dport { 53, 15008 } accept', // anonymous set 4, rule 5
    'add rule inet t c accept', // 6
    'delete rule inet t c handle 5',
    'add rule inet t d drop', // 7
    'flush table inet t',
    'add rule inet t d return', // 8
  );
  const table = ruleset.tables[0]!;
  expect(table.sets.map((s) => [s.name, s.handle, s.elements.length])).toEqual([['s', 3, 1]]);
  expect(table.chains.map((c) => [c.name, c.handle, c.rules.map((r) => r.handle)])).toEqual([
    ['c', 1, []],
    ['d', 2, [8]],
  ]);
});

test('a script that deletes and re-adds a table lists the new one last, as the kernel lists tables by creation', () => {
  const ruleset = run('add table ip a', 'add table ip b', 'delete table ip a', 'add table ip a');
  expect(ruleset.tables.map((t) => [t.name, t.handle])).toEqual([
    ['b', 2],
    ['a', 3],
  ]);
  expect(printNftRuleset(ruleset)).toBe('table ip b {\n}\ntable ip a {\n}\n');
});
