// Istio's historical capture bugs (test/fixtures/history/README.md): each BEFORE dump is VIOLATED (never undetermined)
// by the invariant that names the bug, when checked with the configuration and version of the fix; each AFTER dump
// holds for it, and no other invariant is violated there except the ones its entry names with a reason. The
// generated sides are regenerated with the CLI's `generate` and compared byte for byte:
//   UPDATE=1 npx vitest run test/history/corpus.test.ts   (then review the diff)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, test } from 'vitest';
import { INVARIANTS } from '../../model/invariants/index.ts';
import { runCli, validJson } from '../cli/helpers.ts';
import { ENTRIES, type Entry, HISTORY, rulesPath } from './corpus.ts';

/** The part of check's JSON (validated against its schema) this test reads. */
type CheckDoc = { readonly invariants: readonly { readonly id: string; readonly status: string }[] };
const update = process.env.UPDATE === '1';

/** Each invariant's status on one side; BEFORE is checked for the named invariant only (the slow part is the check). */
async function statuses(e: Entry, side: 'before' | 'after'): Promise<Map<string, string>> {
  const only = side === 'before' ? ['--invariant', e.invariant] : [];
  const run = await runCli(['check', rulesPath(e, side), ...e.check, ...only, '--json']);
  expect(run.code, run.stderr).toBeLessThan(2);
  const doc = validJson<CheckDoc>('check', run.stdout);
  return new Map(doc.invariants.map((i) => [i.id, i.status]));
}

const violated = (s: Map<string, string>) => [...s].filter(([, v]) => v === 'violated').map(([id]) => id);

test('the corpus has at least 7 entries, each naming an invariant of the catalog and an Istio issue or commit', () => {
  expect(ENTRIES.length).toBeGreaterThanOrEqual(7);
  for (const e of ENTRIES) {
    expect(INVARIANTS.map((i) => i.id)).toContain(e.invariant);
    expect(e.links.some((l) => /^https:\/\/github\.com\/istio\/istio\/(issues|pull|commit)\//.test(l))).toBe(true);
  }
});

test('the corpus README lists every entry with its invariant', () => {
  const readme = readFileSync(`${HISTORY}/README.md`, 'utf8');
  for (const e of ENTRIES) expect(readme).toContain(`| [${e.id}](${e.id}/entry.json) | \`${e.invariant}\``);
});

for (const e of ENTRIES) {
  describe(`${e.id}: ${e.title}`, () => {
    for (const side of ['before', 'after'] as const) {
      const source = e[side];
      if (!('generate' in source)) continue;
      it(`${side}.rules is what the project's generator writes (${source.generate.join(' ')})`, async () => {
        const g = await runCli(['generate', ...source.generate, '--format', 'iptables-save']);
        expect(g.code, g.stderr).toBe(0);
        if (update || !existsSync(rulesPath(e, side))) writeFileSync(rulesPath(e, side), g.stdout);
        expect(readFileSync(rulesPath(e, side), 'utf8')).toBe(g.stdout);
      });
    }

    if (e.expect === 'caught') {
      it(`the rules before the fix violate ${e.invariant}`, async () => {
        expect((await statuses(e, 'before')).get(e.invariant)).toBe('violated');
      });
    } else {
      const why = e.expect.missed;
      it(`is a known miss: ${e.invariant} does not flag the rules before the fix (${why})`, async () => {
        expect((await statuses(e, 'before')).get(e.invariant)).not.toBe('violated');
      });
    }

    it(`the rules after the fix hold for ${e.invariant}, and violate nothing their entry does not explain`, async () => {
      const s = await statuses(e, 'after');
      expect(s.get(e.invariant)).toBe('holds');
      expect(violated(s).sort()).toEqual(Object.keys(e.afterAlsoViolated ?? {}).sort());
    });
  });
}
