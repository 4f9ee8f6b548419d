// Each hop records the connection that made it, and the loop key (model/trace/loop-key.ts) is the one simulate()
// stops a story on.
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { simulate } from '../../model/pod/simulate.ts';
import { deleteRules } from '../../model/rules/index.ts';
import { loopKey } from '../../model/trace/index.ts';
import { worldFor } from '../helpers/world.ts';

const a = parseAddr;
const app = { kind: 'pod', actor: 'app', uid: 1000, gid: 1000 } as const;

describe('the connection of each hop', () => {
  it('is the initiator, protocol, destination as asked, bound source and request of the socket that made it', () => {
    const world = worldFor('istio-1.10');
    const trace = simulate(world, {
      from: { kind: 'outside', actor: 'remote' },
      protocol: 'tcp',
      dst: { addr: a('10.250.0.2'), port: 8080 },
    });
    expect(trace.hops.map((h) => h.connection)).toEqual([
      { from: { kind: 'outside', actor: 'remote' }, protocol: 'tcp', dst: { addr: a('10.250.0.2'), port: 8080 } },
      {
        from: { kind: 'pod', actor: 'envoy', uid: 1337, gid: 1337 },
        protocol: 'tcp',
        dst: { addr: a('10.250.0.2'), port: 8080 },
        src: a('127.0.0.6'),
      },
    ]);
    // The socket bound 127.0.0.6, so that is also the source the hop shows; the kernel chose nothing.
    expect(trace.hops[1]?.src.addr).toEqual(a('127.0.0.6'));
  });

  it('keeps the destination the opener asked for (0.0.0.0) while the hop shows where it went (127.0.0.1)', () => {
    const trace = simulate(worldFor('istio-1.10'), {
      from: app,
      protocol: 'tcp',
      dst: { addr: a('0.0.0.0'), port: 8080 },
    });
    expect(trace.hops[0]?.connection.dst).toEqual({ addr: a('0.0.0.0'), port: 8080 });
    expect(trace.hops[0]?.dst).toEqual({ addr: a('127.0.0.1'), port: 8080 });
  });

  it('records the status request that decides whom pilot-agent calls next', () => {
    const trace = simulate(worldFor('istio-1.10'), {
      from: { kind: 'outside', actor: 'kubelet' },
      protocol: 'tcp',
      dst: { addr: a('10.250.0.2'), port: 15020 },
      request: 'app-health',
    });
    expect(trace.hops[0]?.connection.request).toBe('app-health');
    expect(trace.hops[1]?.connection).toMatchObject({ from: { actor: 'pilot-agent' }, src: a('127.0.0.6') });
  });
});

describe('the loop key', () => {
  it('is what makes simulate() call a story a loop: the repeating hop has the key of the hop its cycle starts at', () => {
    // Without ISTIO_OUTPUT rules 4 and 7 Envoy's own outbound connection is captured again (oracle/OBSERVATIONS.md).
    const world = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4, 7]));
    const trace = simulate(world, { from: app, protocol: 'tcp', dst: { addr: a('10.250.0.3'), port: 8080 } });
    expect(trace.disposition.kind).toBe('loop');
    if (trace.disposition.kind !== 'loop') return;
    const [start] = trace.disposition.cycle;
    const last = trace.hops.at(-1)!;
    expect(start).toBeLessThan(last.n);
    expect(loopKey(last)).toBe(loopKey(trace.hops[start! - 1]!));
    // Every hop before the repeat has its own key: the story did not stop early.
    const before = trace.hops.slice(0, -1).map(loopKey);
    expect(new Set(before).size).toBe(before.length);
  });
});
