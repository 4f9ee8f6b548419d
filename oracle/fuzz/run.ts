// The differential run. fast-check draws the cases (seeded); sessions replay them on the kernel in parallel, each
// judged against the model; every case is run, so the figures cover the whole run even when some disagree. Then the
// first disagreements are shrunk by fast-check, replaying the same seed and path and re-running the kernel on each
// smaller candidate, within a time budget.
import fc from 'fast-check';
import type { Family } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { Backend } from '../types.ts';
import { caseArb, type FuzzCase } from './generate.ts';
import { listenersOf } from './predict.ts';
import { type CaseResult, caseDisagrees, runCase } from './run-case.ts';
import { FuzzSession } from './session.ts';

export interface FuzzOptions {
  readonly backend: Backend;
  readonly seed: number;
  /** Rulesets per family. */
  readonly rulesets: number;
  /** At most this many connections per ruleset. */
  readonly connections: number;
  readonly families?: readonly Family[];
  /** Sessions (namespace pairs) per family replaying cases side by side; default 1. */
  readonly sessions?: number;
  /** Disagreements shrunk per family (default 1), and the time each shrink may take (default 5 minutes). */
  readonly shrink?: { readonly count: number; readonly budgetMs: number };
  readonly onCase?: (family: Family, index: number, c: FuzzCase, r: CaseResult) => void;
  /** Raw trace lines (nft monitor), for debugging. */
  readonly debug?: (line: string) => void;
}

export interface FuzzFigures {
  rulesets: number;
  /** Load verdicts: both loaded, both refused, or model and iptables-restore differed. */
  loadedBoth: number;
  refusedBoth: number;
  loadDisagree: number;
  connections: number;
  agree: number;
  undetermined: number;
  disagree: number;
  /** Cases the harness could not observe (a lost sync marker, a dead actor): any makes the run fail. */
  harnessErrors: number;
}

export interface FuzzCounterexample {
  readonly family: Family;
  /** fast-check's seed and path of the original case (the shrunk one is printed in full). */
  readonly seed: number;
  readonly path: string;
  readonly case: FuzzCase;
  readonly what: string;
}

export interface FuzzReport {
  readonly figures: FuzzFigures;
  readonly perFamily: Readonly<Partial<Record<Family, FuzzFigures>>>;
  readonly counterexamples: readonly FuzzCounterexample[];
  /** Every case that disagreed, unshrunk: `family path: what` (replay with the family's seed and this path). */
  readonly disagreements: readonly string[];
  readonly harnessErrors: readonly string[];
}

const LISTENERS = listenersOf(makeWorld({ rulesets: {}, envoy: findProfile('istio-1.25')!.envoy }));

/** The pod's listeners every fuzz session starts (the model's, Istio 1.25). */
export function fuzzListeners() {
  return LISTENERS;
}

export function emptyFigures(): FuzzFigures {
  return {
    rulesets: 0,
    loadedBoth: 0,
    refusedBoth: 0,
    loadDisagree: 0,
    connections: 0,
    agree: 0,
    undetermined: 0,
    disagree: 0,
    harnessErrors: 0,
  };
}

function count(f: FuzzFigures, r: CaseResult): void {
  f.rulesets++;
  if (r.load.model && r.load.kernel) f.loadedBoth++;
  else if (!r.load.model && !r.load.kernel) f.refusedBoth++;
  else f.loadDisagree++;
  for (const x of r.connections) {
    f.connections++;
    f[x.verdict.kind]++;
  }
}

export function addFigures(a: FuzzFigures, b: FuzzFigures): FuzzFigures {
  const out = emptyFigures();
  for (const k of Object.keys(out) as Array<keyof FuzzFigures>) out[k] = a[k] + b[k];
  return out;
}

/** The seed of a family's cases: the run's seed for IPv4, the next one for IPv6. */
export function familySeed(seed: number, family: Family): number {
  return seed + (family === 'ipv6' ? 1 : 0);
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const families = o.families ?? (['ipv4', 'ipv6'] as const);
  const results = await Promise.all(families.map((family) => runFamily(o, family)));
  const perFamily: Partial<Record<Family, FuzzFigures>> = {};
  families.forEach((f, i) => {
    perFamily[f] = results[i]!.figures;
  });
  return {
    figures: results.reduce((acc, r) => addFigures(acc, r.figures), emptyFigures()),
    perFamily,
    counterexamples: results.flatMap((r) => r.counterexamples),
    disagreements: results.flatMap((r) => r.disagreements),
    harnessErrors: results.flatMap((r) => r.harnessErrors),
  };
}

async function runFamily(o: FuzzOptions, family: Family) {
  const seed = familySeed(o.seed, family);
  const arb = caseArb(o.connections, [family]);
  const cases = fc.sample(arb, { seed, numRuns: o.rulesets });
  const results: Array<CaseResult | undefined> = new Array(cases.length);
  const harnessErrors: string[] = [];
  let next = 0;
  const worker = async () => {
    let session: FuzzSession | undefined;
    try {
      while (next < cases.length) {
        const i = next++;
        if (!session) {
          session = new FuzzSession(o.backend, family, LISTENERS, o.debug);
          await session.start();
        }
        try {
          results[i] = await runCase(session, o.backend, cases[i]!);
          o.onCase?.(family, i, cases[i]!, results[i]!);
        } catch (e) {
          // A harness failure is never a verdict: it is counted apart (and fails the run), and the session, which
          // may be in any state now, is replaced.
          harnessErrors.push(`${o.backend} ${family} case ${i} (seed ${seed}, path ${i}): ${(e as Error).message}`);
          const broken = session;
          session = undefined;
          await broken.dispose();
        }
      }
    } finally {
      await session?.dispose();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.sessions ?? 1) }, worker));

  const figures = emptyFigures();
  figures.harnessErrors = harnessErrors.length;
  const failing: number[] = [];
  results.forEach((r, i) => {
    if (!r) return;
    count(figures, r);
    if (caseDisagrees(r)) failing.push(i);
  });
  const counterexamples: FuzzCounterexample[] = [];
  const shrink = o.shrink ?? { count: 1, budgetMs: 5 * 60_000 };
  for (const i of failing.slice(0, shrink.count)) {
    counterexamples.push(await shrinkCase(o, family, seed, i, cases[i]!, caseDisagrees(results[i]!)!, shrink.budgetMs));
  }
  const disagreements = failing.map((i) => `${family} seed ${seed} path ${i}: ${caseDisagrees(results[i]!)}`);
  return { figures, counterexamples, disagreements, harnessErrors };
}

/** Replays case `index` of the seed with fast-check and shrinks it on a fresh session, within budgetMs. */
async function shrinkCase(
  o: FuzzOptions,
  family: Family,
  seed: number,
  index: number,
  original: FuzzCase,
  originalWhat: string,
  budgetMs: number,
): Promise<FuzzCounterexample> {
  const session = new FuzzSession(o.backend, family, LISTENERS, o.debug);
  let last = originalWhat;
  try {
    await session.start();
    const property = fc.asyncProperty(caseArb(o.connections, [family]), async (c) => {
      const what = caseDisagrees(await runCase(session, o.backend, c));
      if (what) last = what;
      return what === null;
    });
    const out = await fc.check(property, {
      seed,
      path: String(index),
      interruptAfterTimeLimit: budgetMs,
      markInterruptAsFailure: false,
    });
    const shrunk = out.failed && out.counterexample ? out.counterexample[0] : original;
    return { family, seed, path: String(index), case: shrunk, what: out.failed ? last : originalWhat };
  } finally {
    await session.dispose();
  }
}
