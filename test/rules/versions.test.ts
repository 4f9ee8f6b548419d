// The printer reproduces each built-in profile's own table, chain header and rule lines byte for byte.
import { expect, test } from 'vitest';
import { PROFILES, profileNamed } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/parse.ts';
import { printDump, printRuleset, ruleText } from '../../model/rules/print.ts';

const ruleLines = (text: string) => text.split('\n').filter((l) => /^(\*|:|-A |COMMIT$)/.test(l));

test.each(PROFILES)('$name: print(parse(x)) has x’s lines', ({ rulesText: text }) => {
  const dump = parseDumpOrThrow(text);
  expect(ruleLines(printDump(dump))).toEqual(ruleLines(text));
});

test.each(PROFILES)('$name: ruleText gives each -A line', ({ rulesText: text }) => {
  const nat = parseDumpOrThrow(text).rulesets[0]!.tables[0]!;
  const lines = nat.chains.flatMap((c) => c.rules.map((r) => ruleText(c.name, r)));
  expect(lines).toEqual(text.split('\n').filter((l) => l.startsWith('-A ')));
});

test('the two lines the semantics quotes most', () => {
  const nat = parseDumpOrThrow(profileNamed('istio-1.25').rulesText).rulesets[0]!;
  const printed = printRuleset(nat);
  expect(printed).toContain(
    '\n-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT\n',
  );
  expect(printed).toContain('\n-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006\n');
});
