// The printer reproduces each version file's own table, chain header and rule lines byte for byte.
import { expect, test } from 'vitest';
import { parseDumpOrThrow } from '../../model/rules/parse.ts';
import { printDump, printRuleset, ruleText } from '../../model/rules/print.ts';
import { fixtureNames, readFixture } from './helpers.ts';

const ruleLines = (text: string) => text.split('\n').filter((l) => /^(\*|:|-A |COMMIT$)/.test(l));

test.each(fixtureNames('versions'))('%s: print(parse(x)) has x’s lines', (name) => {
  const text = readFixture('versions', name);
  const dump = parseDumpOrThrow(text);
  expect(ruleLines(printDump(dump))).toEqual(ruleLines(text));
});

test.each(fixtureNames('versions'))('%s: ruleText gives each -A line', (name) => {
  const text = readFixture('versions', name);
  const nat = parseDumpOrThrow(text).rulesets[0]!.tables[0]!;
  const lines = nat.chains.flatMap((c) => c.rules.map((r) => ruleText(c.name, r)));
  expect(lines).toEqual(text.split('\n').filter((l) => l.startsWith('-A ')));
});

test('the two lines the semantics quotes most', () => {
  const nat = parseDumpOrThrow(readFixture('versions', 'istio-1.25')).rulesets[0]!;
  const printed = printRuleset(nat);
  expect(printed).toContain(
    '\n-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT\n',
  );
  expect(printed).toContain('\n-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006\n');
});
