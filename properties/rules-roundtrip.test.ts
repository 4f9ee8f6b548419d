// parse(print(x)) = x (ignoring positions) for generated legal rulesets, alone and as a two-family dump.
import { describe, expect } from 'vitest';
import { parseDump, printDump, printRuleset, stripPositions } from '../model/rules/index.ts';
import { prop } from '../test/helpers/prop.ts';
import { ruleset } from './arbitraries/ruleset.ts';

const errorsOf = (issues: readonly { severity: string }[]) => issues.filter((i) => i.severity === 'error');

describe('printer and parser round trip', () => {
  prop([ruleset()])('parseDump(printRuleset(rs)) gives rs back', (rs) => {
    const result = parseDump(printRuleset(rs));
    expect(errorsOf(result.issues)).toEqual([]);
    expect(result.value!.format).toBe('iptables-save');
    expect(result.value!.rulesets.map(stripPositions)).toEqual([rs]);
  });

  prop([ruleset('ipv4'), ruleset('ipv6')])('a v4 + v6 dump comes back as both, v4 first', (v4, v6) => {
    const result = parseDump(printDump({ rulesets: [v4, v6] }));
    expect(errorsOf(result.issues)).toEqual([]);
    expect(result.value!.rulesets.map(stripPositions)).toEqual([v4, v6]);
  });

  prop([ruleset()])('printing is a fixed point after one round trip', (rs) => {
    const once = printRuleset(rs);
    const dump = parseDump(once).value!;
    expect(printDump(dump)).toBe(once);
  });
});
