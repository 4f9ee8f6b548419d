// Every Istio fixture parses without error, with the format, families and tables written down here by hand.

import { describe, expect, test } from 'vitest';
import { PROFILES } from '../../model/profiles/index.ts';
import { parseDump } from '../../model/rules/parse.ts';
import { fixtureNames, readFixture, where } from './helpers.ts';

const BOTH = ['ipv4', 'ipv6'];
const V4 = ['ipv4'];

/** file -> [families, tables of the first body, number of unsupported-match warnings]. */
const GOLDENS: Record<string, [string[], string[], number]> = {
  'basic-exclude-nic': [V4, ['nat'], 0],
  'dns-uid-gid': [BOTH, ['nat', 'raw'], 0],
  'drop-invalid': [V4, ['mangle', 'nat'], 0],
  empty: [V4, ['nat'], 0],
  'host-ipv4-loopback-cidr': [V4, ['nat'], 0],
  'inbound-ports-include': [V4, ['nat'], 0],
  'inbound-ports-tproxy': [V4, ['mangle', 'nat'], 0],
  'inbound-ports-wildcard': [V4, ['nat'], 0],
  'ip-range': [V4, ['nat', 'raw'], 0],
  ipnets: [V4, ['nat'], 0],
  'ipv6-dns-outbound-owner-groups': [BOTH, ['nat'], 2],
  'ipv6-empty-inbound-ports': [BOTH, ['nat'], 0],
  'ipv6-inbound-ports': [BOTH, ['nat'], 0],
  'ipv6-ipnets': [BOTH, ['nat'], 0],
  'ipv6-outbound-ports': [BOTH, ['nat'], 0],
  'kube-virt-interfaces': [V4, ['nat'], 0],
  'outbound-owner-groups': [V4, ['nat'], 1],
  'outbound-ports-include': [V4, ['nat'], 0],
};

describe('Istio dry-run goldens', () => {
  test('the table above lists every golden', () => {
    expect(fixtureNames('goldens')).toEqual(Object.keys(GOLDENS).sort());
  });

  test.each(Object.entries(GOLDENS))('%s', (name, [families, tables, unsupported]) => {
    const result = parseDump(readFixture('goldens', name));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const dump = result.value!;
    expect(dump.format).toBe('istio-golden');
    expect(dump.rulesets.map((r) => r.family)).toEqual(families);
    expect(dump.rulesets[0]!.tables.map((t) => t.name)).toEqual(tables);
    for (const rs of dump.rulesets) expect(rs.tables.map((t) => t.name)).toEqual(tables);
    expect(dump.warnings.map((w) => w.code)).toEqual(Array(unsupported).fill('unsupported-match'));
    expect(dump.warnings).toEqual(result.issues);
  });

  test('the owner-group name is a warning at the -m of its rule', () => {
    const result = parseDump(readFixture('goldens', 'outbound-owner-groups'));
    expect(where(result.issues)).toEqual([{ code: 'unsupported-match', line: 19, column: 17 }]);
  });
});

describe('Istio version rules (iptables-save)', () => {
  test.each(PROFILES)('$name', ({ rulesText }) => {
    const result = parseDump(rulesText);
    expect(result.issues).toEqual([]);
    expect(result.value!.format).toBe('iptables-save');
    expect(result.value!.rulesets.map((r) => r.family)).toEqual(['ipv4']);
    expect(result.value!.rulesets[0]!.tables.map((t) => t.name)).toEqual(['nat']);
  });
});
