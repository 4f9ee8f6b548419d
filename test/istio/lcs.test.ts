// The banded LCS of rule texts (model/istio/drift/lcs.ts) returns exactly the pairs of the full n·m table, which
// drift's read-back output was pinned with; and a 5,000-rule dump (istio-1.25 with 5,000 exclusion CIDRs and 5,000
// inbound ports) reads back to its exact configuration.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lcsPairs } from '../../model/istio/drift/lcs.ts';
import { inferConfig } from '../../model/istio/index.ts';
import { profileNamed } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { prop } from '../helpers/prop.ts';

/** The full table and its traceback, as drift computed it before the band: the reference the band must equal. */
function fullTablePairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** A list and an edited copy (deletions, insertions, substitutions, moves), over a small alphabet so ties abound. */
const letters: fc.Arbitrary<string[]> = fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { maxLength: 30 });
const edited = letters.chain((a) =>
  fc
    .tuple(
      fc.constant(a),
      fc.array(fc.tuple(fc.nat(40), fc.constantFrom('del', 'ins', 'sub'), fc.constantFrom('A', 'B', 'C', 'E')), {
        maxLength: 6,
      }),
    )
    .map(([list, edits]) => {
      const b: string[] = [...list];
      for (const [at, op, x] of edits) {
        const k = b.length === 0 ? 0 : at % (b.length + (op === 'ins' ? 1 : 0));
        if (op === 'del') b.splice(k, 1);
        else if (op === 'ins') b.splice(k, 0, x);
        else if (b.length > 0) b[k] = x;
      }
      return [list, b] as const;
    }),
);

describe('lcsPairs', () => {
  prop([edited])('equals the full table on a list and an edited copy', ([a, b]) => {
    expect(lcsPairs(a, b)).toEqual(fullTablePairs(a, b));
  });

  prop([letters, letters])('equals the full table on unrelated lists', (a, b) => {
    expect(lcsPairs(a, b)).toEqual(fullTablePairs(a, b));
  });

  test('ties are broken as the full table breaks them: the earlier of two equal rules in b is kept', () => {
    // a = X Z, b = Y Z Z: the full table keeps b's first Z (index 1), where trimming the common suffix would keep
    // the last one (index 2).
    expect(lcsPairs(['X', 'Z'], ['Y', 'Z', 'Z'])).toEqual([[1, 1]]);
    expect(lcsPairs([], ['A'])).toEqual([]);
    expect(lcsPairs(['A', 'B'], [])).toEqual([]);
    expect(lcsPairs(['A', 'B', 'C'], ['C', 'B', 'A'])).toEqual([[2, 0]]);
  });

  test('a 5,000-rule list with a few edits far apart is paired rule by rule', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `rule ${i}`);
    const b = a.filter((_, i) => i !== 10 && i !== 4990).toSpliced(2500, 0, 'inserted');
    const pairs = lcsPairs(a, b);
    expect(pairs).toHaveLength(4998);
    expect(pairs[10]).toEqual([11, 10]);
    expect(pairs[2499]).toEqual([2500, 2499]);
    expect(pairs[2500]).toEqual([2501, 2501]);
    expect(pairs.at(-1)).toEqual([4999, 4998]);
  });
});

describe('reading back a 5,000-CIDR, 5,000-port dump', () => {
  const cidrs = Array.from({ length: 5000 }, (_, i) => `100.${64 + (i >> 8)}.${i & 255}.0/24`);
  const ports = Array.from({ length: 5000 }, (_, i) => 20000 + i);
  // istio-iptables -b with a port list writes one redirect per port and none of the RETURNs for Envoy's own inbound
  // ports (15090, 15021, 15020), which only the catch-all form (-b '*') needs.
  const text = profileNamed('istio-1.25')
    .rulesText.replace(/^-A ISTIO_INBOUND -p tcp -m tcp --dport 150(90|21|20) -j RETURN\n/gm, '')
    .replace(
      '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
      [...cidrs.map((c) => `-A ISTIO_OUTPUT -d ${c} -j RETURN`), '-A ISTIO_OUTPUT -j ISTIO_REDIRECT'].join('\n'),
    )
    .replace(
      '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
      ports.map((p) => `-A ISTIO_INBOUND -p tcp -m tcp --dport ${p} -j ISTIO_IN_REDIRECT`).join('\n'),
    );

  test('finds the exact configuration with both lists', () => {
    const inference = inferConfig(parseDumpOrThrow(text).rulesets);
    expect(inference.exact).toHaveLength(1);
    const { config, versions } = inference.exact[0]!;
    expect(versions).toContain('1.25');
    expect(config.outboundIpRangesExclude).toHaveLength(5000);
    expect(config.inboundPortsInclude).toEqual({ kind: 'list', items: ports });
    expect(inference.exact[0]!.drift.items).toEqual([]);
  });
});
