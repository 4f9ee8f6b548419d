// `-m owner --gid-owner NAME`: iptables resolves the name in the pod; offline only a name the user gives resolves,
// and any other one keeps the match unmodelled with a warning that says how to give it.
import { expect, test } from 'vitest';
import { type ParseResult, parseDump } from '../../model/rules/index.ts';

const output = (parsed: ParseResult) =>
  parsed.value!.rulesets[0]!.tables[0]!.chains.find((c) => c.name === 'OUTPUT')!.rules;

const RULES = `*nat
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m owner ! --gid-owner java -m owner ! --gid-owner 202 -j RETURN
-A OUTPUT -m owner --uid-owner envoy -j RETURN
COMMIT
`;

test('a name in the table becomes its id', () => {
  const names = { users: new Map([['envoy', 1337]]), groups: new Map([['java', 1000]]) };
  const parsed = parseDump(RULES, { names });
  const [first, second] = output(parsed);
  expect(first!.matches).toEqual([
    { kind: 'owner', gid: { range: { from: 1000, to: 1000 }, negated: true } },
    { kind: 'owner', gid: { range: { from: 202, to: 202 }, negated: true } },
  ]);
  expect(second!.matches).toEqual([{ kind: 'owner', uid: { range: { from: 1337, to: 1337 }, negated: false } }]);
  expect(parsed.value!.warnings).toEqual([]);
});

test('an unknown name is kept unmodelled, and the warning says how to give it', () => {
  const parsed = parseDump(RULES, { names: { users: new Map(), groups: new Map() } });
  const rule = output(parsed)[0]!;
  expect(rule.matches[0]).toMatchObject({ kind: 'unsupported', module: 'owner' });
  expect(parsed.value!.warnings.map((w) => [w.code, w.line])).toEqual([
    ['unsupported-match', 3],
    ['unsupported-match', 4],
  ]);
  expect(parsed.value!.warnings[0]!.message).toContain('give --group java=GID');
});
