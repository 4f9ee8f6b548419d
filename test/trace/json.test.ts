// A trace's JSON is its output boundary: addresses become their canonical text there, and traceFromJson reads the
// document back into the same values (so a trace's JSON alone is enough to work with it, e.g. to replay it).
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { simulate } from '../../model/pod/index.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';
import {
  connectionJson,
  endpointText,
  type Trace,
  type TraceJson,
  traceFromJson,
  traceToJson,
} from '../../model/trace/index.ts';
import { worldFor } from '../helpers/world.ts';

const reread = (t: Trace): Trace => traceFromJson(JSON.parse(JSON.stringify(traceToJson(t))) as TraceJson);

describe('trace JSON', () => {
  it('reads back into the same trace, for every scenario of every profile', () => {
    for (const p of PROFILES) {
      const world = worldFor(p.name);
      for (const s of SCENARIOS) {
        const trace = simulate(world, s.connection(world));
        expect(reread(trace), `${p.name} ${s.id}`).toEqual(trace);
      }
    }
  });

  it("writes a source the kernel never chose as '-' and reads it back as no address", () => {
    // An IPv6 connection in a pod with no IPv6 address: connect() fails before a source is chosen.
    const world = {
      ...worldFor('istio-1.10'),
      pod: { ...worldFor('istio-1.10').pod, addresses: [parseAddr('10.250.0.2')] },
    };
    const trace = simulate(world, {
      from: { kind: 'pod', actor: 'app', uid: 1000, gid: 1000 },
      protocol: 'tcp',
      dst: { addr: parseAddr('fd00:250::3'), port: 8080 },
    });
    expect(trace.hops[0]?.src.addr).toBeNull();
    expect(traceToJson(trace).hops[0]?.src).toEqual({ addr: '-', port: 40001 });
    expect(reread(trace)).toEqual(trace);
  });

  it('writes a connection in a fixed field order with canonical address text', () => {
    const c = {
      request: 'ready',
      src: parseAddr('::6'),
      dst: { port: 15020, addr: parseAddr('fd00:250:0:0::2') },
      protocol: 'tcp',
      from: { gid: 1337, uid: 1337, actor: 'envoy', kind: 'pod' },
    } as const;
    expect(JSON.stringify(connectionJson(c))).toBe(
      '{"from":{"kind":"pod","actor":"envoy","uid":1337,"gid":1337},"protocol":"tcp",' +
        '"dst":{"addr":"fd00:250::2","port":15020},"src":"::6","request":"ready"}',
    );
    expect(endpointText(c.dst)).toBe('[fd00:250::2]:15020');
  });
});
