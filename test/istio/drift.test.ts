// Drift: a hand-edited dump (a rule deleted, one added, two swapped) is reported rule by rule, both when the
// configuration is inferred and when it is given; and the chain comparison on its own.
import { describe, expect, test } from 'vitest';
import {
  compareChain,
  describeDrift,
  driftFrom,
  inferConfig,
  injectedConfig,
  type RuleRef,
} from '../../model/istio/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { readProfileRules } from './helpers.ts';

const DELETED = '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN';
const ADDED = '-A ISTIO_OUTPUT -d 10.1.0.0/16 -j ACCEPT';
const FIRST = '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN';
const SECOND = '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT';

/** istio-1.10's rules with rule 3 of ISTIO_OUTPUT deleted, an ACCEPT added before the last rule, rules 1 and 2 swapped. */
function editedDump() {
  const lines = readProfileRules('1.10')
    .split('\n')
    .filter((l) => l !== DELETED);
  const i = lines.indexOf(FIRST);
  [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
  lines.splice(lines.indexOf('-A ISTIO_OUTPUT -j ISTIO_REDIRECT'), 0, ADDED);
  return parseDumpOrThrow(lines.join('\n')).rulesets;
}

const EXPECTED = [
  `moved from nat ISTIO_OUTPUT #1 to #2: ${FIRST} (past #2 ${SECOND})`,
  `missing at nat ISTIO_OUTPUT #3: ${DELETED}`,
  `extra at nat ISTIO_OUTPUT #8: ${ADDED}`,
];

test('inferred: no exact configuration; the nearest, at versions including 1.10, names the three edits', () => {
  const inference = inferConfig(editedDump());
  expect(inference.exact).toEqual([]);
  const at110 = inference.nearest.find((c) => c.versions.includes('1.10'))!;
  expect(at110.commandLine.text).toBe(
    "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020",
  );
  expect(describeDrift(at110.drift)).toEqual(EXPECTED);
  expect(at110.drift.items.map((i) => i.kind)).toEqual(['moved', 'missing', 'extra']);
});

test('given the configuration and the version: the same drift', () => {
  const result = driftFrom(injectedConfig('1.10').config!, '1.10', editedDump());
  expect(result.ok && describeDrift(result.drift)).toEqual(EXPECTED);
});

test('given a configuration the dump does not follow: a changed rule', () => {
  const config = { ...injectedConfig('1.10').config!, proxyPort: 15011 };
  const result = driftFrom(config, '1.10', parseDumpOrThrow(readProfileRules('1.10')).rulesets);
  expect(result.ok && describeDrift(result.drift)).toEqual([
    'changed at nat ISTIO_REDIRECT #1: expected -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15011 but found -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
  ]);
});

test('a family the configuration writes but the dump lacks is reported as not compared', () => {
  const config = { ...injectedConfig('1.25').config!, enableIpv6: true };
  const result = driftFrom(config, '1.25', parseDumpOrThrow(readProfileRules('1.25')).rulesets);
  expect(result.ok && result.drift.notInDump).toEqual(['ipv6']);
  expect(result.ok && result.drift.items).toEqual([]);
});

describe('compareChain', () => {
  const rules = (texts: string[]): RuleRef[] =>
    texts.map((text, i) => ({ family: 'ipv4', table: 'nat', chain: 'C', index: i + 1, text }));
  const kinds = (e: string[], a: string[]) => compareChain(rules(e), rules(a)).map((i) => i.kind);

  test('equal chains: no drift', () => expect(kinds(['a', 'b'], ['a', 'b'])).toEqual([]));
  test('a rule moved to the end crosses the rules after it', () => {
    const [item] = compareChain(rules(['a', 'b', 'c']), rules(['b', 'c', 'a']));
    expect(item).toMatchObject({ kind: 'moved', expected: { text: 'a', index: 1 }, actual: { text: 'a', index: 3 } });
    expect(item?.kind === 'moved' && item.crossed.map((c) => c.text)).toEqual(['b', 'c']);
  });
  test('a different rule in the same place is a change', () =>
    expect(kinds(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual(['changed']));
  test('a rule gone and one added elsewhere', () =>
    expect(kinds(['a', 'b', 'c'], ['a', 'c', 'x'])).toEqual(['missing', 'extra']));
});
