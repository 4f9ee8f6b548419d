// IPv6 with a port is always written [addr]:port, in every rendering of a trace (text, Mermaid, words, dispositions,
// an invariant's why) and in the CLI's trace and check output: `::1:15001` would read as one address. The endpoints
// come from the traces themselves; each must never appear unbracketed with its port.
import { describe, expect, it } from 'vitest';
import { buildDomain, checkWorld, domainConnections } from '../../model/invariants/index.ts';
import { formatAddr } from '../../model/net/index.ts';
import { makeWorld, simulate } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';
import {
  describeDisposition,
  renderTraceText,
  type Trace,
  traceInWords,
  traceToMermaid,
} from '../../model/trace/index.ts';
import { runCli } from './helpers.ts';

const profile = findProfile('istio-1.25')!;
const v6text = profile.rulesText.replaceAll('127.0.0.6/32', '::6/128').replaceAll('127.0.0.1/32', '::1/128');
/** Without the proxy-uid RETURN (rule 4), Envoy's own connections loop: violations whose why names addresses. */
const broken = v6text.replace(/^-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN\n/m, '');
const worldOf = (text: string) =>
  makeWorld({ rulesets: { ipv6: parseDumpOrThrow(text, { family: 'ipv6' }).rulesets[0]! }, envoy: profile.envoy });

/** The IPv6 endpoints of a trace, as address text and port. */
interface Ep {
  readonly addr: string;
  readonly port: number;
}

function endpoints(t: Trace): Ep[] {
  type Any = { readonly addr: Parameters<typeof formatAddr>[0] | null; readonly port: number };
  const out: Any[] = [];
  for (const h of t.hops) {
    out.push(h.src, h.dst, h.srcAfterNat, h.dstAfterNat);
    if (h.landed.kind === 'listener') out.push(h.landed.local, h.landed.originalDst);
    if ('dst' in h.landed && h.landed.dst) out.push(h.landed.dst as Any);
  }
  return out.flatMap((e) => (e.addr?.family === 'ipv6' ? [{ addr: formatAddr(e.addr), port: e.port }] : []));
}

function expectBracketed(text: string, eps: readonly Ep[]): void {
  for (const e of eps) {
    if (text.includes(`${e.addr}:${e.port}`)) {
      const at = text.indexOf(`${e.addr}:${e.port}`);
      throw new Error(`unbracketed ${e.addr}:${e.port} in: …${text.slice(Math.max(0, at - 60), at + 60)}…`);
    }
  }
}

describe('IPv6 endpoints are bracketed', () => {
  const world = worldOf(v6text);
  const connections = [
    ...SCENARIOS.map((s) => s.connection(world)),
    ...[...domainConnections(world, buildDomain(world, 'ipv6'))].filter((_, i) => i % 7 === 0),
  ];

  it(`in the text, Mermaid, words and disposition of ${connections.length} IPv6 traces`, () => {
    expect(connections.length).toBeGreaterThan(100);
    for (const c of connections) {
      const t = simulate(world, c);
      const eps = endpoints(t);
      expect(eps.length).toBeGreaterThan(0);
      for (const text of [
        renderTraceText(t),
        traceToMermaid(t),
        traceInWords(t).join('\n'),
        describeDisposition(t.disposition),
      ])
        expectBracketed(text, eps);
    }
  });

  it("in the invariants' why of a broken IPv6 ruleset", () => {
    const report = checkWorld(worldOf(broken), { family: 'ipv6' });
    const violated = report.invariants.filter((i) => i.counterexample);
    expect(violated.length).toBeGreaterThan(0);
    for (const inv of violated) expectBracketed(inv.counterexample!.why, endpoints(inv.counterexample!.trace));
  });

  it('in the CLI: trace and check output', async () => {
    const trace = await runCli(['trace', '-', '--actor', 'app', '--dst', '[fd00::1]:8080'], { stdin: v6text });
    expect(trace.code).toBe(0);
    expect(trace.stdout).toContain('([::1]:15001)');
    expect(trace.stdout).toContain('original destination [fd00::1]:8080');
    const check = await runCli(['check', '-'], { stdin: broken });
    expect(check.code).toBe(1);
    const t = simulate(worldOf(broken), SCENARIOS.find((s) => s.id === 'local-to-remote')!.connection(worldOf(broken)));
    expectBracketed(check.stdout, endpoints(t));
    expect(check.stdout).not.toMatch(/(?<![[\w:])::1:1500[16]\b/);
  });
});
