// `prop([arbs], params)(name, predicate)`: a vitest test that asserts a fast-check property, with the same call
// shape as @fast-check/vitest's test.prop. Importing @fast-check/vitest costs about 4 s per test file here, so only
// the main property suite (properties/invariants.test.ts) uses it; the global seed (vitest.setup.ts) applies to both.
import fc from 'fast-check';
import { it } from 'vitest';

export function prop<Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  params: fc.Parameters<Ts> = {},
) {
  // biome-ignore lint/suspicious/noConfusingVoidType: this is fast-check's own predicate type (fc.property).
  return (name: string, predicate: (...args: Ts) => boolean | void): void => {
    it(name, () => {
      fc.assert(fc.property(...arbitraries, predicate), params);
    });
  };
}
