// The oracle plans a replay from the trace alone: every hop's connection (who opens it, the bound source, the
// destination as asked) is read from the trace's JSON, with no pod model and no re-run of the receivers' follow-on
// behaviour. Editing a hop's recorded connection changes the replay; the world the trace came from is not consulted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { type Trace, type TraceJson, traceFromJson, traceToJson } from '../../model/trace/index.ts';
import { requireProfile, scenarioCases, shipped } from '../../oracle/coverage-cases.ts';
import { oracleListeners, planReplay, type ReplayPlan } from '../../oracle/replay-trace.ts';

const classic = shipped(requireProfile('istio-1.10'));
const ctx = { listeners: oracleListeners(classic.world), inboundSourceMatters: false };
const scenario = (id: string) => scenarioCases(classic).find((c) => c.meta.label === id)!;

/** The trace as `sidecar-chains trace --json` prints it (text), read back with traceFromJson: no World involved. */
function fromText(t: Trace): Trace {
  return traceFromJson(JSON.parse(JSON.stringify(traceToJson(t))) as TraceJson);
}
const traceJson = (id: string): Trace => fromText(scenario(id).trace);

function hopsOf(plan: ReplayPlan) {
  if (!plan.ok) throw new Error(plan.reason);
  return plan.hops;
}

describe('replaying from the trace alone', () => {
  it('plans every scenario from its JSON exactly as from the simulated trace', () => {
    for (const c of scenarioCases(classic)) {
      const fromJson = planReplay(ctx, c.meta.id, fromText(c.trace));
      expect(JSON.parse(JSON.stringify(fromJson))).toEqual(JSON.parse(JSON.stringify(c.plan)));
    }
  });

  it("binds where the hop's recorded connection bound, and nowhere else", () => {
    const trace = traceJson('remote-to-local');
    expect(trace.hops[1]?.connection.src).toEqual(parseAddr('127.0.0.6'));
    expect(hopsOf(planReplay(ctx, 'x', trace))[1]?.replay.src).toBe('127.0.0.6');
    // The same hop with no bound source: the replay leaves the choice to the kernel, as the trace now says.
    const { src: _bound, ...unbound } = trace.hops[1]!.connection;
    const edited: Trace = { ...trace, hops: [trace.hops[0]!, { ...trace.hops[1]!, connection: unbound }] };
    expect(hopsOf(planReplay(ctx, 'x', edited))[1]?.replay.src).toBeUndefined();
  });

  it('reads a fixed source port from the trace and skips the hop (the harness picks ports itself)', () => {
    const trace = traceJson('local-to-remote');
    const fixed: Trace = {
      ...trace,
      hops: trace.hops.map((h) => ({ ...h, connection: { ...h.connection, sport: 5555 } })),
    };
    expect(planReplay(ctx, 'x', fixed)).toMatchObject({ ok: false, code: 'fixed-sport' });
  });

  it('does not import the pod model or its follow-on behaviour to plan', () => {
    const source = readFileSync(join(import.meta.dirname, '..', '..', 'oracle', 'replay-trace.ts'), 'utf8');
    expect(source).not.toMatch(/model\/pod/);
    expect(source).not.toMatch(/followOns|simulate/);
  });
});
