// The kernel oracle on DNS flows: a UDP and a TCP query of the application per case, on both iptables backends,
// compared with the model's trace (rule packet counts of request and reply packets, conntrack entries per zone, the
// client's answer); the expected kernel facts below are written from what the kernel was seen to do, not computed by
// the model. Proves that the runs leave no namespace, no process and an unchanged root namespace behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenCases, reachCases, versionCases } from '../../oracle/dns/cases.ts';
import { type DnsCaseResult, runDnsCases } from '../../oracle/dns/run.ts';
import {
  type IptablesBackend as Backend,
  listOurNamespaces,
  oracleAvailability,
  type RootSnapshot,
  rootSnapshot,
  startedProcesses,
} from '../../oracle/index.ts';

const BACKENDS: readonly Backend[] = ['nft', 'legacy'];
const inCI = Boolean(process.env.CI);
const skipped = [
  ...(oracleAvailability().ok ? [] : [(oracleAvailability() as { reason: string }).reason]),
  ...BACKENDS.flatMap((b) => {
    const a = oracleAvailability(b);
    return a.ok ? [] : [`${b}: ${a.reason}`];
  }),
];
if (skipped.length > 0 && !inCI) console.log(`kernel DNS oracle skipped: ${skipped.join('; ')}`);
if (skipped.length > 0 && inCI) {
  describe('kernel DNS oracle in CI', () => {
    it('is available', () => {
      throw new Error(`kernel DNS oracle unavailable in CI: ${skipped.join('; ')}`);
    });
  });
}

/**
 * On this branch the model's pod runs a stub resolver on 127.0.0.53 (model/pod/listeners.ts) that forwards to
 * kube-dns; the oracle's pod does not run one yet (I13c adds it). So, on the goldens' UDP query, the model walks the
 * stub's upstream query and answer (raw OUTPUT 5 packets: app query, agent answer, agent upstream, stub upstream,
 * stub answer; kernel 4: the first three and the ICMP port unreachable that icmp_send from __udp4_lib_rcv in
 * net/ipv4/udp.c sends back, which the model does not walk) where the kernel walks the ICMP error, and the model has
 * the stub's two zone-0 entries. The kernel's zone 1 and zone 2 entries are the model's.
 */
const STUB_GAP = [
  'rule raw OUTPUT: -A OUTPUT -j ISTIO_OUTPUT_DNS: model 5 packets, kernel 4',
  'rule nat OUTPUT: -A OUTPUT -j ISTIO_OUTPUT: model 3 packets, kernel 2',
  'rule nat ISTIO_OUTPUT: -A ISTIO_OUTPUT -j ISTIO_OUTPUT_DNS: model 2 packets, kernel 1',
  'rule raw PREROUTING: -A PREROUTING -j ISTIO_INBOUND: model 5 packets, kernel 4',
  'rule raw ISTIO_INBOUND: -A ISTIO_INBOUND -s 127.0.0.53/32 -p udp -m udp --sport 53 -j CT --zone 1: model 2 packets, kernel 1',
  'conntrack: model [udp zone 0 10.250.0.2:* -> 10.251.0.53:53 / 10.251.0.53:53 -> 10.250.0.2:* REPLIED; udp zone 0 127.0.0.53:53 -> 127.0.0.1:* / 127.0.0.1:* -> 127.0.0.53:53 UNREPLIED; udp zone 1 127.0.0.1:* -> 127.0.0.53:53 / 127.0.0.53:53 -> 127.0.0.1:* UNREPLIED; udp zone 2 127.0.0.1:* -> 127.0.0.53:53 / 127.0.0.1:15053 -> 127.0.0.1:* REPLIED]; kernel [udp zone 1 127.0.0.1:* -> 127.0.0.53:53 / 127.0.0.53:53 -> 127.0.0.1:* UNREPLIED; udp zone 2 127.0.0.1:* -> 127.0.0.53:53 / 127.0.0.1:15053 -> 127.0.0.1:* REPLIED]',
];

/** Over TCP the stub's upstream connection is one more first packet through nat OUTPUT (the kernel's agent gets a RST). */
const STUB_GAP_TCP = [
  'rule nat OUTPUT: -A OUTPUT -j ISTIO_OUTPUT: model 3 packets, kernel 2',
  'rule nat ISTIO_OUTPUT: -A ISTIO_OUTPUT -j ISTIO_OUTPUT_DNS: model 2 packets, kernel 1',
];

describe.skipIf(skipped.length > 0)('kernel DNS oracle', () => {
  let before: RootSnapshot;
  let results: DnsCaseResult[] = [];
  const find = (backend: Backend, c: string, proto: string) =>
    results.find((r) => r.backend === backend && r.case === c && r.proto === proto)!;

  beforeAll(async () => {
    before = rootSnapshot();
    results = await runDnsCases(BACKENDS, [...versionCases(), ...reachCases(), ...goldenCases()]);
  });

  it('replays every DNS-capable profile, capture-all-dns and an unlisted server, and both DNS goldens, UDP and TCP, on both backends', () => {
    const cases = [...new Set(results.map((r) => r.case))];
    expect(cases).toEqual([
      'istio-1.10',
      'istio-1.11',
      'istio-1.14',
      'istio-1.18',
      'istio-1.22',
      'istio-1.25',
      'istio-1.31:capture-all-dns',
      'istio-1.31:unlisted-server',
      'golden:dns-uid-gid',
      'golden:ip-range',
    ]);
    // The unlisted server's TCP query goes to Envoy's 15001 like any outbound TCP: not a DNS flow (oracle/dns/cases.ts).
    expect(results).toHaveLength((cases.length * 2 - 1) * BACKENDS.length);
  });

  it('agrees on every profile flow: rule counts, conntrack zones and NAT, the answer', () => {
    const differ = results.filter((r) => !r.case.startsWith('golden:') && !r.agree);
    expect(differ.map((r) => `${r.id}: ${r.differences.join(' | ')}`)).toEqual([]);
  });

  it("differs on the goldens' UDP query only by the stub resolver the oracle's pod does not run yet", () => {
    for (const r of results.filter((x) => x.case.startsWith('golden:'))) {
      expect(r.differences, r.id).toEqual(r.proto === 'udp' ? STUB_GAP : STUB_GAP_TCP);
    }
  });

  it.each(BACKENDS)('%s: Istio 1.25 answers from the server asked, with zone 2 and zone 1 entries replied', (b) => {
    const r = find(b, 'istio-1.25', 'udp');
    expect(r.kernel.answer).toBe('answered from 10.251.0.53:53');
    expect(r.kernel.conntrack).toEqual([
      'udp zone 1 10.250.0.2:* -> 10.251.0.53:53 / 10.251.0.53:53 -> 10.250.0.2:* REPLIED',
      'udp zone 2 10.250.0.2:* -> 10.251.0.53:53 / 127.0.0.1:15053 -> 10.250.0.2:* REPLIED',
    ]);
  });

  it.each(BACKENDS)("%s: Istio 1.18's -d reply rule (#46935) leaves zone 1 UNREPLIED and a zone 0 entry", (b) => {
    const r = find(b, 'istio-1.18', 'udp');
    expect(r.kernel.conntrack).toEqual([
      'udp zone 0 10.251.0.53:53 -> 10.250.0.2:* / 10.250.0.2:* -> 10.251.0.53:53 UNREPLIED',
      'udp zone 1 10.250.0.2:* -> 10.251.0.53:53 / 10.251.0.53:53 -> 10.250.0.2:* UNREPLIED',
      'udp zone 2 10.250.0.2:* -> 10.251.0.53:53 / 127.0.0.1:15053 -> 10.250.0.2:* REPLIED',
    ]);
    expect(r.agree).toBe(true);
  });

  it.each(BACKENDS)(
    '%s: with --capture-all-dns a query to an unlisted server is answered by the agent from it',
    (b) => {
      const r = find(b, 'istio-1.31:capture-all-dns', 'udp');
      expect(r.kernel.answer).toBe('answered from 10.251.0.99:53');
      expect(r.kernel.conntrack).toEqual([
        'udp zone 1 10.250.0.2:* -> 10.251.0.53:53 / 10.251.0.53:53 -> 10.250.0.2:* REPLIED',
        'udp zone 2 10.250.0.2:* -> 10.251.0.99:53 / 127.0.0.1:15053 -> 10.250.0.2:* REPLIED',
      ]);
    },
  );

  it.each(BACKENDS)(
    '%s: capturing the listed servers only, a query to another server leaves the pod untouched',
    (b) => {
      const r = find(b, 'istio-1.31:unlisted-server', 'udp');
      expect(r.kernel.answer).toBe('answered from 10.251.0.99:53');
      expect(r.kernel.rules.filter((rule) => rule.includes('15053'))).toEqual([]);
      expect(r.kernel.conntrack).toEqual([
        'udp zone 0 10.250.0.2:* -> 10.251.0.99:53 / 10.251.0.99:53 -> 10.250.0.2:* REPLIED',
      ]);
    },
  );

  afterAll(() => {
    expect(listOurNamespaces()).toEqual([]);
    expect(startedProcesses().filter((p) => p.alive)).toEqual([]);
    expect(rootSnapshot()).toEqual(before);
  });
});
