// Regression fixtures of the fuzzer (test/fixtures/fuzz/NAME.rules + NAME.json): a ruleset, whether iptables-restore
// loads it, and per connection the first packet's hits and the outcome the kernel showed. A replay runs them on a
// session and returns the kernel's and the model's sides, so a test can hold both to the recorded kernel truth.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Family } from '../../model/net/index.ts';
import type { Backend } from '../types.ts';
import { outcomeText } from './compare.ts';
import type { FuzzConnection } from './generate.ts';
import { laterPacketsMayDrop, modelWorld, predict } from './predict.ts';
import type { FuzzSession } from './session.ts';
import { hitText, type TraceHit } from './trace-events.ts';

export interface FuzzFixture {
  readonly name: string;
  readonly family: Family;
  /** Why the fixture exists (the class of issue 17 it pins, or the shrunk disagreement it came from). */
  readonly why: string;
  readonly rules: string;
  readonly load: boolean;
  readonly connections: ReadonlyArray<{
    readonly connection: FuzzConnection;
    /** hitText() of every hit, 'return' hits included (iptables-nft's trace has none; they are left out there). */
    readonly hits: readonly string[];
    readonly outcome: string;
  }>;
}

export interface FixtureSide {
  readonly hits: readonly string[];
  readonly outcome: string;
}

export interface FixtureReplay {
  readonly load: { readonly model: boolean; readonly kernel: boolean };
  readonly connections: ReadonlyArray<{
    readonly expected: FixtureSide;
    readonly kernel: FixtureSide;
    /** null when the model says undetermined. */
    readonly model: FixtureSide | null;
  }>;
}

export function readFuzzFixtures(dir: string): FuzzFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rules'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.rules'.length);
      const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Omit<FuzzFixture, 'name' | 'rules'>;
      return { ...meta, name, rules: readFileSync(join(dir, f), 'utf8') };
    });
}

const shown = (backend: Backend, hits: readonly string[]) =>
  backend === 'legacy' ? [...hits] : hits.filter((h) => !h.endsWith(':return'));
const texts = (backend: Backend, hits: readonly TraceHit[]) => shown(backend, hits.map(hitText));

export async function replayFixture(session: FuzzSession, backend: Backend, fx: FuzzFixture): Promise<FixtureReplay> {
  const model = modelWorld({ family: fx.family, rules: fx.rules, connections: [] }, backend);
  const kernel = await session.load(fx.rules);
  const load = { model: 'world' in model, kernel: kernel.ok };
  if (!('world' in model) || !kernel.ok) return { load, connections: [] };
  const later = laterPacketsMayDrop(fx.rules);
  const connections = [];
  for (const c of fx.connections) {
    const sport = session.nextPort();
    const prediction = predict(model.world, fx.family, c.connection, sport, later);
    const observed = await session.observe(c.connection, sport);
    connections.push({
      expected: { hits: shown(backend, c.hits), outcome: c.outcome },
      kernel: { hits: texts(backend, observed.hits), outcome: outcomeText(observed.outcome) },
      model:
        prediction.kind === 'expected'
          ? { hits: texts(backend, prediction.hits), outcome: outcomeText(prediction.outcome) }
          : null,
    });
  }
  return { load, connections };
}
