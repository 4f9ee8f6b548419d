// Damaged nft texts in all three forms (Istio's nftables goldens, their listings, their JSON): parseNft never throws,
// every issue points inside the text, `value` is there exactly when no issue is an error, and whatever parses prints
// to text that parses to the same tree.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, inject } from 'vitest';
import { parseNft, printNftRuleset, stripNft } from '../model/nft/index.ts';
import { prop } from '../test/helpers/prop.ts';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/istio/nft-goldens');
const TEXTS = [
  ...readdirSync(DIR)
    .filter((f) => f.endsWith('.golden'))
    .map((f) => readFileSync(resolve(DIR, f), 'utf8')),
  ...readdirSync(resolve(DIR, 'listed'))
    .filter((f) => /^(dns-uid-gid|inbound-ports-tproxy|ipv6-ipnets)\.(a\.nft|json)$/.test(f))
    .map((f) => readFileSync(resolve(DIR, 'listed', f), 'utf8')),
];

/** Fragments that steer damage toward the parser's deeper paths, plus arbitrary code units. */
const FRAGMENTS = [
  '"',
  '{',
  '}',
  ';',
  ',',
  '\n',
  '#',
  ' index 7 ',
  ' jump nowhere',
  ' != ',
  ' { 1, ',
  ' 300.1.1.1 ',
  ' 99999 ',
  'table ip x {\n',
  'add rule inet istio-proxy-nat istio-output ',
  '{"rule": ',
  '"expr": [',
  'null',
  ' priority dstnat ',
  ' tproxy ip6 to ::1',
];

type Mutation =
  | { readonly kind: 'delete-word'; readonly line: number; readonly word: number }
  | { readonly kind: 'swap-lines'; readonly a: number; readonly b: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'truncate'; readonly at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-word' as const), line: fc.nat(), word: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const pick = (i: number) => i % lines.length;
  switch (m.kind) {
    case 'delete-word': {
      const i = pick(m.line);
      const words = lines[i]!.split(' ');
      words.splice(m.word % words.length, 1);
      lines[i] = words.join(' ');
      return lines.join('\n');
    }
    case 'swap-lines': {
      const [a, b] = [pick(m.a), pick(m.b)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

const damaged = fc
  .tuple(fc.constantFrom(...TEXTS), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([text, ms]) => ms.reduce(apply, text));

const globalRuns = (): number => inject('fcSettings').numRuns;

describe('parseNft on damaged texts', () => {
  prop([damaged], { numRuns: Math.max(1000, globalRuns()) })(
    'never throws; issues point into the text; value iff no error',
    (text) => {
      const result = parseNft(text);
      const lines = text.split('\n');
      for (const issue of result.issues) {
        expect(issue.line >= 1 && issue.line <= lines.length).toBe(true);
        expect(issue.column >= 1 && issue.column <= lines[issue.line - 1]!.length + 1).toBe(true);
      }
      const errors = result.issues.filter((i) => i.severity === 'error');
      expect(result.value === undefined).toBe(errors.length > 0);
    },
  );

  prop([damaged], { numRuns: Math.max(300, globalRuns()) })('what parses reprints to the same tree', (text) => {
    const value = parseNft(text).value;
    // A construct kept from JSON that the model does not read has no nft text to print it as.
    const jsonOnly = value?.ruleset.tables.some(
      (t) =>
        t.unsupported.some((u) => u.source === 'json') ||
        t.chains.some((c) =>
          c.rules.some((r) => r.statements.some((s) => s.kind === 'unsupported' && s.source === 'json')),
        ),
    );
    if (!value || jsonOnly) return;
    const again = parseNft(printNftRuleset(value.ruleset, { handles: true }));
    expect(again.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(stripNft(again.value!.ruleset)).toEqual(stripNft(value.ruleset));
  });
});
