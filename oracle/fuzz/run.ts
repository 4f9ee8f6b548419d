// The differential run: fast-check draws cases (seeded), each is replayed on the kernel and judged against the model;
// the first disagreement is shrunk by fast-check (re-running the kernel on each smaller candidate) to a minimal case.
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
  readonly onCase?: (family: Family, c: FuzzCase, r: CaseResult) => void;
}

export interface FuzzFigures {
  rulesets: number;
  loadedBoth: number;
  refusedBoth: number;
  connections: number;
  agree: number;
  undetermined: number;
  disagree: number;
}

export interface FuzzReport {
  readonly figures: FuzzFigures;
  /** The shrunk counterexample per family that had one, with what disagreed. */
  readonly counterexamples: ReadonlyArray<{ readonly case: FuzzCase; readonly what: string }>;
}

const LISTENERS = listenersOf(makeWorld({ rulesets: {}, envoy: findProfile('istio-1.25')!.envoy }));

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const figures: FuzzFigures = {
    rulesets: 0,
    loadedBoth: 0,
    refusedBoth: 0,
    connections: 0,
    agree: 0,
    undetermined: 0,
    disagree: 0,
  };
  const counterexamples: Array<{ case: FuzzCase; what: string }> = [];
  for (const family of o.families ?? (['ipv4', 'ipv6'] as const)) {
    const session = new FuzzSession(o.backend, family, LISTENERS);
    try {
      await session.start();
      let shrinking = false;
      let last = '';
      const property = fc.asyncProperty(caseArb(o.connections, [family]), async (c) => {
        let r: CaseResult;
        try {
          r = await runCase(session, o.backend, c);
        } catch (e) {
          // A harness failure (no sync marker, a dead actor) must not pass for a verdict: it ends the run.
          shrinking = true;
          last = `harness error: ${(e as Error).message}`;
          throw e;
        }
        const what = caseDisagrees(r);
        if (!shrinking) {
          figures.rulesets++;
          if (r.load.model && r.load.kernel) figures.loadedBoth++;
          if (!r.load.model && !r.load.kernel) figures.refusedBoth++;
          for (const x of r.connections) {
            figures.connections++;
            figures[
              x.verdict.kind === 'agree' ? 'agree' : x.verdict.kind === 'undetermined' ? 'undetermined' : 'disagree'
            ]++;
          }
          if (what && r.load.model !== r.load.kernel) figures.disagree++;
          o.onCase?.(family, c, r);
        }
        if (what) {
          shrinking = true;
          last = what;
        }
        return what === null;
      });
      const out = await fc.check(property, {
        seed: o.seed + (family === 'ipv6' ? 1 : 0),
        numRuns: o.rulesets,
        endOnFailure: false,
      });
      if (out.failed && out.counterexample) {
        const error = out.errorInstance instanceof Error ? ` (${out.errorInstance.message})` : '';
        counterexamples.push({
          case: out.counterexample[0],
          what: `${last}${last.startsWith('harness') ? '' : error}`,
        });
      }
    } finally {
      await session.dispose();
    }
  }
  return { figures, counterexamples };
}
