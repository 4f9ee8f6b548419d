// A match or target name that only reads back as itself when quoted (`-m ""`, `-j "a b"`) is printed quoted, so
// parse(print(x)) = x; ordinary names stay bare. Messages name it the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../model/rules/index.ts';
import { parseDumpOrThrow } from '../../model/rules/parse.ts';
import { printDump, stripPositions } from '../../model/rules/print.ts';

const dump = (rule: string) => `*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT ${rule}\nCOMMIT\n`;
/** A name as a quoted word of the source: `"` and `\` escaped with a backslash (iptables-restore's quoting). */
const quoted = (name: string) => `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;

function roundTrips(text: string): void {
  const first = parseDumpOrThrow(text);
  const printed = printDump(first);
  expect(parseDumpOrThrow(printed).rulesets.map(stripPositions)).toEqual(first.rulesets.map(stripPositions));
}

describe('quoted names', () => {
  it('print back quoted exactly when they need it', () => {
    const printed = (rule: string) =>
      printDump(parseDumpOrThrow(dump(rule)))
        .split('\n')
        .find((l) => l.startsWith('-A'));
    expect(printed('-m "" -j RETURN')).toBe('-A OUTPUT -m "" -j RETURN');
    expect(printed('-m "a b" --x 1 -j RETURN')).toBe('-A OUTPUT -m "a b" --x 1 -j RETURN');
    expect(printed('-j "A B" --y 2')).toBe('-A OUTPUT -j "A B" --y 2');
    expect(printed('-j "" --y 2')).toBe('-A OUTPUT -j "" --y 2');
    expect(printed('-m "--x" -j RETURN')).toBe('-A OUTPUT -m "--x" -j RETURN');
    expect(printed('-m "nosuch" -j RETURN')).toBe('-A OUTPUT -m nosuch -j RETURN');
  });

  it('messages quote them too', () => {
    const issues = parseDump(dump('-m "" -j RETURN')).issues.map((i) => i.message);
    expect(issues).toEqual([expect.stringMatching(/^-m "" is not modelled/)]);
  });

  it('parse(print(x)) = x for any module and target name (fixed seed)', () => {
    const name = fc.oneof(
      fc.constantFrom('', ' ', 'a b', '"', '\\', "'", '!', '-x', '--y', 'x"y', 'NOSUCH'),
      fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'B', ' ', '"', '\\', "'", '-', '!', '_', '.') }),
    );
    fc.assert(
      fc.property(name, name, (m, t) => {
        roundTrips(dump(`-m ${quoted(m)} --opt 1 -j RETURN`));
        roundTrips(dump(`-j ${quoted(t)} --opt 2`));
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});
