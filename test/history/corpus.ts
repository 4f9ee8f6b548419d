// The historical capture-bug corpus (test/fixtures/history/): one folder per bug Istio fixed, with entry.json (the
// issue, the fix, the invariant that names the bug, how the rules before and after were produced, the check
// arguments) and the rules before.rules / after.rules. README.md there lists them with the figures.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvariantId } from '../../model/invariants/index.ts';

export const HISTORY = join(import.meta.dirname, '..', 'fixtures', 'history');

/** How a side's rules were produced: the project's generator with these arguments, or written by hand (and why). */
export type Source = { readonly generate: readonly string[] } | { readonly written: string };

export interface Entry {
  readonly id: string;
  readonly title: string;
  readonly bug: string;
  readonly links: readonly string[];
  readonly fixedIn: string;
  readonly invariant: InvariantId;
  readonly before: Source;
  readonly after: Source;
  /** `check`'s arguments besides the file: the configuration and the version of the fix. */
  readonly check: readonly string[];
  /** 'caught', or why the catalog misses it. */
  readonly expect: 'caught' | { readonly missed: string };
  /** Invariants still violated after this fix, each with why (another entry's bug, or a limit of the model). */
  readonly afterAlsoViolated?: Readonly<Record<string, string>>;
}

export const ENTRIES: readonly Entry[] = readdirSync(HISTORY, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((id) => ({ id, ...JSON.parse(readFileSync(join(HISTORY, id, 'entry.json'), 'utf8')) }) as Entry);

export const rulesPath = (e: Entry, side: 'before' | 'after'): string => join(HISTORY, e.id, `${side}.rules`);
