// `trace` in-process: who opens the connection (--uid/--gid, --from, --actor), IPv6, UDP, the status port requests,
// the three renderings, and the replay lines that check prints (each must open the very connection it names).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionJson as Connection } from '../../model/trace/index.ts';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { fixture, ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

interface TraceDoc {
  connection: Connection;
  exitCode: number;
  trace: {
    disposition: { kind: string; to?: string };
    hops: {
      n: number;
      actor: { id: string; owner: unknown };
      hits: { chain: string; index: number; kind: string }[];
      landed: { kind: string; role?: string };
      connection: Connection;
    }[];
  };
}

async function trace(args: readonly string[]): Promise<TraceDoc & { code: number }> {
  const r = await runCli(['trace', ...args, '--json']);
  expect(r.stderr).toBe('');
  return { ...validJson<TraceDoc>('trace', r.stdout), code: r.code };
}

const outputRules = (doc: TraceDoc, hop: number) =>
  doc.trace.hops[hop - 1]!.hits.filter((h) => h.chain === 'ISTIO_OUTPUT' && h.kind === 'rule').map((h) => h.index);

describe('trace', () => {
  it('--uid/--gid: a process in the pod; the app is captured by rule 9, Envoy leaves by rule 4', async () => {
    const doc = await trace(['--profile', 'istio-1.10', '--uid', '1000', '--gid', '1000', '--dst', '10.250.0.3:8080']);
    expect(doc.code).toBe(0);
    expect(doc.connection.from).toEqual({ kind: 'pod', actor: 'app', uid: 1000, gid: 1000 });
    expect(outputRules(doc, 1)).toEqual([9]);
    expect(doc.trace.hops[0]!.landed).toMatchObject({ kind: 'listener', role: 'outbound-capture' });
    expect(outputRules(doc, 2)).toEqual([4]);
    expect(doc.trace.disposition.kind).toBe('left-pod');
  });

  it('--uid alone takes the gid from it; an id that is neither proxy nor app is a plain process', async () => {
    const doc = await trace(['--profile', 'istio-1.10', '--uid', '4242', '--dst', '10.250.0.3:8080']);
    expect(doc.connection.from).toEqual({ kind: 'pod', actor: 'process', uid: 4242, gid: 4242 });
  });

  it('--from remote: arriving on the pod interface, captured inbound', async () => {
    const doc = await trace(['--profile', 'istio-1.10', '--from', 'remote', '--dst', '10.250.0.2:8080']);
    expect(doc.connection.from).toEqual({ kind: 'outside', actor: 'remote' });
    expect(doc.trace.hops[0]!.actor.owner).toBeNull();
    expect(doc.trace.hops[0]!.landed).toMatchObject({ kind: 'listener', role: 'inbound-capture' });
    expect(doc.trace.disposition).toMatchObject({ kind: 'delivered', to: 'app' });
  });

  it('--actor takes the identity from the world (and follows --proxy-uid)', async () => {
    const agent = await trace(['--profile', 'istio-1.10', '--actor', 'pilot-agent', '--dst', '10.251.0.20:15012']);
    expect(agent.connection.from).toEqual({ kind: 'pod', actor: 'pilot-agent', uid: 1337, gid: 1337 });
    const envoy = await trace([
      '--profile',
      'istio-1.10',
      '--proxy-uid',
      '999',
      '--actor',
      'envoy',
      '--dst',
      '10.250.0.3:80',
    ]);
    expect(envoy.connection.from).toEqual({ kind: 'pod', actor: 'envoy', uid: 999, gid: 999 });
    const kubelet = await trace(['--profile', 'istio-1.10', '--actor', 'kubelet', '--dst', '10.250.0.2:15021']);
    expect(kubelet.connection.from).toEqual({ kind: 'outside', actor: 'kubelet' });
  });

  it('--request picks what pilot-agent does with a 15020 request', async () => {
    const probe = await trace([
      '--profile',
      'istio-1.10',
      '--from',
      'kubelet',
      '--dst',
      '10.250.0.2:15020',
      '--request',
      'app-health',
    ]);
    expect(probe.trace.hops.length).toBe(2);
    expect(probe.trace.hops[1]!.actor.id).toBe('pilot-agent');
    const metrics = await trace([
      '--profile',
      'istio-1.10',
      '--from',
      'prometheus',
      '--dst',
      '10.250.0.2:15020',
      '--request',
      'metrics',
    ]);
    expect(metrics.connection.request).toBe('metrics');
  });

  it('--proto udp and --src IP:PORT', async () => {
    const doc = await trace([
      '--profile',
      'istio-1.25',
      '--actor',
      'app',
      '--proto',
      'udp',
      '--src',
      '10.250.0.2:5353',
      '--dst',
      '10.96.0.10:53',
    ]);
    expect(doc.connection).toMatchObject({ protocol: 'udp', src: '10.250.0.2', sport: 5353 });
  });

  it('IPv6: --dst [addr]:port on a dual-stack dump walks the IPv6 rules', async () => {
    const doc = await trace([
      join(ISTIO_FIXTURES, 'goldens/ipv6-inbound-ports.golden'),
      '--from',
      'remote',
      '--dst',
      '[fd00:250::2]:4000',
    ]);
    expect(doc.connection.dst).toEqual({ addr: 'fd00:250::2', port: 4000 });
    expect(doc.trace.hops[0]!.landed).toMatchObject({ kind: 'listener', role: 'inbound-capture' });
  });

  it('an IPv6 connection on IPv4-only rules says it crosses no rule', async () => {
    const r = await runCli(['trace', '--profile', 'istio-1.10', '--dst', '[fd00:250::3]:8080']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'note: profile istio-1.10 has no ipv6 rules, so this ipv6 connection crosses no rule at all\n',
    );
  });

  it('prints the hop table by default and the Mermaid diagram with --mermaid', async () => {
    const args = ['trace', '--profile', 'istio-1.10', '--actor', 'app', '--dst', '10.250.0.3:8080'];
    const table = await runCli(args);
    expect(table.stdout).toContain('connection: app (uid/gid 1000/1000) in the pod -> 10.250.0.3:8080/tcp');
    expect(table.stdout).toContain('disposition: left the pod to remote pod');
    expect(table.stdout).toMatch(/^ {2}hits {7}nat {2}OUTPUT#1 /m);
    const mermaid = await runCli([...args, '--mermaid']);
    expect(mermaid.stdout).toMatch(/^sequenceDiagram\n/);
    expect(mermaid.stdout).toContain('ISTIO_OUTPUT#35;9');
  });

  it('a looping connection exits 1, an undetermined one 3', async () => {
    const loop = await trace([
      fixture('istio-1.10-without-rules-4-and-7.rules'),
      '--actor',
      'envoy',
      '--dst',
      '10.250.0.3:8080',
    ]);
    expect(loop.trace.disposition.kind).toBe('loop');
    expect(loop.code).toBe(1);
    const unknown = await trace([fixture('istio-1.25-statistic.rules'), '--actor', 'app', '--dst', '10.250.0.3:8080']);
    expect(unknown.trace.disposition.kind).toBe('undetermined');
    expect(unknown.code).toBe(3);
  });

  it.each([
    [['--dst', '10.0.0.7'], 'expected ADDRESS:PORT (e.g. 10.0.0.7:8080)'],
    [['--dst', 'fd00::1:8080'], 'expected ADDRESS:PORT (e.g. [fd00::1]:8080)'],
    [['--dst', '10.0.0.7:99999'], 'expected a port 1-65535'],
    [['--dst', 'example.com:80'], 'not an IPv4 or IPv6 address'],
    [[], "required option '--dst <ip:port>' not specified"],
    [
      ['--uid', '1', '--from', 'remote', '--dst', '10.0.0.7:80'],
      "option '--uid <uid>' cannot be used with option '--from <who>'",
    ],
    [['--gid', '1', '--dst', '10.0.0.7:80'], '--gid needs --uid'],
    [['--src', 'fd00::1', '--dst', '10.0.0.7:80'], 'different address families'],
    [['--proto', 'sctp', '--dst', '10.0.0.7:80'], '"sctp" is not one of tcp, udp.'],
    [['--from', 'envoy', '--dst', '10.0.0.7:80'], '"envoy" is not one of remote, prometheus, kubelet, istiod'],
  ])('%j is a usage error', async (args, message) => {
    const r = await runCli(['trace', '--profile', 'istio-1.10', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Run 'sidecar-chains trace --help' for usage.");
  });
});

function withoutDefaultAddr(c: Connection): Connection {
  if (c.from.kind !== 'outside') return c;
  const { addr: _addr, ...from } = c.from;
  return { ...c, from };
}

/** A trace with each hop's recorded connection read as withoutDefaultAddr reads the first one. */
function sameStory(t: { readonly hops: readonly { readonly connection: Connection }[] }): unknown {
  return { ...t, hops: t.hops.map((h) => ({ ...h, connection: withoutDefaultAddr(h.connection) })) };
}

describe('replay lines', () => {
  it.each([
    ['the loop fixture', [fixture('istio-1.10-without-rules-4-and-7.rules')]],
    ['the statistic fixture', [fixture('istio-1.25-statistic.rules')]],
    ['istio-1.4', ['--profile', 'istio-1.4']],
    ['ip-range.golden', [join(ISTIO_FIXTURES, 'goldens/ip-range.golden')]],
    ['dns-uid-gid.golden, IPv6', [join(ISTIO_FIXTURES, 'goldens/dns-uid-gid.golden'), '--family', 'ipv6']],
  ])('every counterexample of %s replays as the same connection', async (_name, rules) => {
    const doc = validJson<ReturnType<typeof checkJson>>('check', (await runCli(['check', ...rules, '--json'])).stdout);
    const examples = doc.invariants.flatMap((i) => (i.counterexample ? [i.counterexample] : []));
    expect(examples.length).toBeGreaterThan(0);
    for (const cx of examples) {
      const words = cx.replay.split(' ').map((w) => w.replace(/^'(.*)'$/, '$1'));
      expect(words.slice(0, 2)).toEqual(['sidecar-chains', 'trace']);
      const replayed = await trace(words.slice(2));
      // The replay leaves out an outside actor's address when it is the world's default for that actor; the trace
      // (whose first hop names the source address) shows it is the same connection.
      expect(withoutDefaultAddr(replayed.connection), cx.replay).toEqual(withoutDefaultAddr(cx.connection));
      expect(sameStory(replayed.trace), cx.replay).toEqual(sameStory(cx.trace));
    }
  });
});
