// Runs one invariant as a fast-check property against a world and returns the shrunk counterexample, with the seed
// and path that replay it. Used by the property tests' helpers, the CLI's `counterexample` command and the docs.
import fc from 'fast-check';
import {
  buildDomain,
  type CheckResult,
  findInvariant,
  type Intent,
  type InvariantContext,
  inferIntent,
  invariantContext,
} from '../model/invariants/index.ts';
import { type Connection, simulate, type World } from '../model/pod/index.ts';
import type { Trace } from '../model/trace/index.ts';
import { scopedConnectionArb } from './arbitraries/scoped.ts';
import { fcSettings } from './settings.ts';

export interface FoundCounterexample {
  readonly connection: Connection;
  readonly trace: Trace;
  readonly why: string;
  readonly seed: number;
  readonly path: string;
}

export interface SearchOptions {
  readonly intent?: Intent;
  readonly seed?: number;
  readonly numRuns?: number;
  /** Replays a recorded failure directly (fast-check's `path`). */
  readonly path?: string;
}

export type SearchResult =
  | { readonly kind: 'not-applicable'; readonly reason: string }
  | { readonly kind: 'holds'; readonly runs: number; readonly seed: number }
  | { readonly kind: 'counterexample'; readonly found: FoundCounterexample };

export function findCounterexample(world: World, invariantId: string, options: SearchOptions = {}): SearchResult {
  const inv = findInvariant(invariantId);
  if (!inv) throw new Error(`unknown invariant ${invariantId}`);
  const family = world.pod.rulesets.ipv4 ? 'ipv4' : 'ipv6';
  const ruleset = world.pod.rulesets[family];
  const intent = options.intent ?? inferIntent(ruleset ?? { family, tables: [] });
  const ctx: InvariantContext = invariantContext(world, family, intent);
  const na = inv.notApplicable(ctx);
  if (na !== null) return { kind: 'not-applicable', reason: na };
  const settings = fcSettings();
  const seed = options.seed ?? settings.seed;
  const numRuns = options.numRuns ?? Math.max(settings.numRuns, 1000);
  const verdict = (c: Connection): CheckResult => inv.check(simulate(world, c), c, ctx);
  const property = fc.property(scopedConnectionArb(inv.id, ctx, buildDomain(world, family)), (c) => {
    fc.pre(inv.inScope(c, ctx));
    return verdict(c).ok !== false;
  });
  const details = fc.check(property, { seed, numRuns, ...(options.path ? { path: options.path } : {}) });
  if (!details.failed || !details.counterexample) return { kind: 'holds', runs: details.numRuns, seed };
  const [connection] = details.counterexample;
  const trace = simulate(world, connection);
  const result = inv.check(trace, connection, ctx);
  return {
    kind: 'counterexample',
    found: {
      connection,
      trace,
      why: result.ok === false ? result.why : 'the property failed',
      seed: details.seed,
      path: details.counterexamplePath ?? '',
    },
  };
}
