// Fuzzing as a test (issue 18): mutated dumps from the fixtures, by bytes and by lines, and every outcome is typed:
// parseDump returns a result or issues whose code is a string and whose line:col lies inside the input; the
// loadability checks and the bounded formatter never throw; nothing escapes as an exception. The fixed seed and a
// short budget run in npm test (FC_NUM_RUNS); `npm run fuzz:parser` runs the same property long. The vitest timeout is the
// time bound: a mutant that made the parser hang would fail the test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { formatIssues, loadRefusals, parseDump } from '../../model/rules/index.ts';
import { prop } from '../helpers/prop.ts';
import { ISTIO_FIXTURES } from './helpers.ts';

const GOLDENS = join(ISTIO_FIXTURES, 'goldens');
const seeds = readdirSync(GOLDENS)
  .filter((f) => f.endsWith('.golden'))
  .map((f) => readFileSync(join(GOLDENS, f), 'utf8'));

const FOREIGN = [
  '!',
  '"',
  "''",
  '-m',
  '-j',
  '--dport',
  '-A',
  '-N',
  '*nat',
  'COMMIT',
  ':X - [0:0]',
  '\r',
  '\0',
  '\uFEFF',
  'é',
  '\t',
  ' ',
  '65536',
  '::',
  '/33',
  '-g',
];

type Mutation = (text: string) => string;

const byte: fc.Arbitrary<Mutation> = fc
  .tuple(fc.nat(), fc.oneof(fc.constantFrom(...FOREIGN), fc.string({ maxLength: 3 })), fc.boolean())
  .map(([at, s, replace]) => (t) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + s + t.slice(replace ? i + 1 : i);
  });

const line: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'repeat-token', 'crlf', 'bom'), fc.nat(), fc.nat())
  .map(([kind, a, b]) => (t) => {
    const lines = t.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    switch (kind) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, lines[i]!);
        break;
      case 'swap':
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        break;
      case 'repeat-token': {
        const words = lines[i]!.split(' ');
        const w = words[j % words.length] ?? '';
        lines[i] = `${lines[i]}${` ${w}`.repeat(500 + (b % 1500))}`;
        break;
      }
      case 'crlf':
        return lines.join('\r\n');
      case 'bom':
        return `\uFEFF${t}`;
    }
    return lines.join('\n');
  });

const mutant = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.oneof(byte, line), { minLength: 1, maxLength: 6 }))
  .map(([seed, ms]) => ms.reduce((t, m) => m(t), seed));

describe('mutated dumps', () => {
  prop([mutant])('every outcome is typed, positioned inside the input, and reported in bounded form', (text) => {
    const lines = text.split('\n');
    const parsed = parseDump(text);
    for (const issue of parsed.issues) {
      expect(typeof issue.code).toBe('string');
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.line).toBeLessThanOrEqual(lines.length);
      expect(issue.column).toBeGreaterThanOrEqual(1);
      expect(issue.column).toBeLessThanOrEqual(lines[issue.line - 1]!.length + 1);
    }
    if (!parsed.value) expect(parsed.issues.some((i) => i.severity === 'error')).toBe(true);
    const report = formatIssues(parsed.issues, text, 'fuzz', 20);
    expect(report.shown.length + report.omitted).toBe(parsed.issues.length);
    for (const block of report.shown) for (const l of block.split('\n')) expect(l.length).toBeLessThan(400);
    if (parsed.value) {
      for (const r of loadRefusals(text, parsed.value.rulesets)) {
        expect(r.line).toBeGreaterThanOrEqual(1);
        expect(r.line).toBeLessThanOrEqual(lines.length);
      }
    }
  });
});
