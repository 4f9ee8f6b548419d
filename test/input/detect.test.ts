// Format detection: iptables forms (also iptables-nft-save, the compatibility layer) go to the iptables parser, nft's
// three forms to the nft parser, and a text mixing both is an error at the first line of the second kind.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { detectFormat, parseRulesText } from '../../model/input/index.ts';
import { PROFILES, profileNamed } from '../../model/profiles/index.ts';
import { parseDump } from '../../model/rules/index.ts';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const read = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');
const where = (issues: readonly { code: string; severity: string; line: number; column: number }[]) =>
  issues.map(({ code, severity, line, column }) => ({ code, severity, line, column }));

describe('iptables forms', () => {
  test('iptables-save, iptables -S, restore input and Istio dry-run goldens', () => {
    expect(detectFormat(profileNamed('istio-1.10').rulesText).format).toEqual({ parser: 'iptables' });
    expect(detectFormat('-P OUTPUT ACCEPT\n-N ISTIO_OUTPUT\n-A OUTPUT -j ISTIO_OUTPUT\n').format).toEqual({
      parser: 'iptables',
    });
    expect(detectFormat('*nat\n-I OUTPUT 1 -j RETURN\nCOMMIT\n').format).toEqual({ parser: 'iptables' });
    expect(detectFormat(read('istio/goldens/inbound-ports-tproxy.golden')).format).toEqual({ parser: 'iptables' });
  });

  test('every iptables fixture of the project is iptables, and every nft fixture nft', () => {
    for (const f of readdirSync(resolve(FIXTURES, 'istio/goldens')).filter((n) => n.endsWith('.golden'))) {
      expect([f, detectFormat(read(`istio/goldens/${f}`)).format]).toEqual([f, { parser: 'iptables' }]);
    }
    for (const p of PROFILES)
      expect([p.name, detectFormat(p.rulesText).format]).toEqual([p.name, { parser: 'iptables' }]);
    for (const f of readdirSync(resolve(FIXTURES, 'istio/nft-goldens/listed')).filter(
      (n) => !n.endsWith('groups.json'),
    )) {
      expect([f, detectFormat(read(`istio/nft-goldens/listed/${f}`)).format?.parser]).toEqual([f, 'nft']);
    }
  });

  test('iptables-nft-save with its legacy-tables warning is iptables, and decided on that line', () => {
    const text = read('detect/iptables-nft-save-legacy-warning.txt');
    expect(text.split('\n')[0]).toMatch(/iptables-legacy tables present/);
    const d = detectFormat(text);
    expect(d.format).toEqual({ parser: 'iptables' });
    expect(d.decidedAt).toBe(1);
    expect(d.issues).toEqual([]);
  });

  test('iptables-legacy-save then iptables-nft-save: iptables, with a warning that both backends hook', () => {
    const d = detectFormat(read('detect/legacy-then-nft-save.txt'));
    expect(d.format).toEqual({ parser: 'iptables' });
    expect(where(d.issues)).toEqual([{ code: 'mixed-formats', severity: 'warning', line: 1, column: 1 }]);
  });

  test('empty text goes to the iptables parser, which says so as before', () => {
    const any = parseRulesText('');
    expect(any.parser).toBe('iptables');
    expect(any.parser === 'iptables' && any.result).toEqual(parseDump(''));
  });

  test("text that neither parser knows goes to the iptables parser (today's errors)", () => {
    const any = parseRulesText('hello world\n');
    expect(any.parser).toBe('iptables');
    expect(any.parser === 'iptables' && any.result).toEqual(parseDump('hello world\n'));
  });
});

describe('nftables forms', () => {
  test('nft list ruleset, nft -j list ruleset and an nft -f transaction', () => {
    expect(detectFormat(read('istio/nft-goldens/listed/ip-range.nft')).format).toEqual({
      parser: 'nft',
      format: 'nft-ruleset',
    });
    expect(detectFormat(read('istio/nft-goldens/listed/ip-range.json')).format).toEqual({
      parser: 'nft',
      format: 'nft-json',
    });
    expect(detectFormat(read('istio/nft-goldens/ip-range.golden')).format).toEqual({
      parser: 'nft',
      format: 'nft-script',
    });
  });

  test("nft list ruleset of iptables-nft's tables, with nft's warning line, is nft", () => {
    const text = read('detect/nft-list-iptables-nft-tables.nft');
    expect(detectFormat(text).format).toEqual({ parser: 'nft', format: 'nft-ruleset' });
    const any = parseRulesText(text);
    expect(any.parser).toBe('nft');
    if (any.parser !== 'nft') return;
    expect(any.result.issues).toEqual([]);
    expect(any.result.value!.ruleset.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['ip nat']);
  });

  test('rules inside an nft block whose first word is an iptables-looking word stay nft', () => {
    const text = 'table ip t {\n\tchain c {\n\t\tcomment "-A x"\n\t\t-100\n\t}\n}\n';
    expect(detectFormat(text).format).toEqual({ parser: 'nft', format: 'nft-ruleset' });
  });
});

describe('mixed text', () => {
  test('iptables-save followed by nft list ruleset: an error at the first nft line', () => {
    const text = `${read('detect/iptables-nft-save-legacy-warning.txt')}${read('istio/nft-goldens/listed/empty.nft')}`;
    const nftLine = text.split('\n').findIndex((l) => l.startsWith('table ')) + 1;
    const d = detectFormat(text);
    expect(d.format).toBeUndefined();
    expect(where(d.issues)).toEqual([{ code: 'mixed-formats', severity: 'error', line: nftLine, column: 1 }]);
    expect(parseRulesText(text).parser).toBeUndefined();
  });

  test('an nft script followed by an iptables rule: an error at the iptables line', () => {
    const d = detectFormat('add table inet t\n-A OUTPUT -j RETURN\n');
    expect(where(d.issues)).toEqual([{ code: 'mixed-formats', severity: 'error', line: 2, column: 1 }]);
  });
});
