// A DNS trace rendered hop by hop with the conntrack zone of each packet and its answer (text and Mermaid), on Istio
// 1.18's rules with DNS capture: the upstream answer is looked up in zone 0 while its query went out in zone 1 (the
// `-d server` reply rule of Istio #46935), and the rendering shows it. Expected lines written by hand from the rules
// (model/istio/generate/dns.ts, 1.11 to 1.19) and the kernel's conntrack view (oracle/OBSERVATIONS.md).
import { describe, expect, it } from 'vitest';
import { validateMermaid } from '../../docs-gen/mermaid-validate.ts';
import { simulate } from '../../model/pod/index.ts';
import { dnsWorld, profileNamed } from '../../model/profiles/index.ts';
import { findDnsScenario, findScenario } from '../../model/scenarios/index.ts';
import { renderTraceText, traceToMermaid } from '../../model/trace/index.ts';
import { worldFor } from '../helpers/world.ts';

function trace(profile: 'istio-1.18' | 'istio-1.25', id = 'dns-query') {
  const s = findDnsScenario(id)!;
  const w = dnsWorld(profileNamed(profile), s.setup);
  return simulate(w, s.connection(w));
}

describe('DNS trace rendering', () => {
  it("text: each hop's zone, its answer's source after NAT, zone and outcome", () => {
    const lines = renderTraceText(trace('istio-1.18')).split('\n');
    expect(lines).toContain(
      '  conntrack  zone 2, new entry, NEW; entry 10.250.0.2:40001 -> 10.251.0.53:53 / 127.0.0.1:15053 -> 10.250.0.2:40001 in zone 2, UNREPLIED',
    );
    expect(lines).toContain('  answer     pilot-agent 127.0.0.1:15053 -> 10.250.0.2:40001');
    expect(lines).toContain(
      "  after NAT  10.251.0.53:53 -> 10.250.0.2:40001 (the answer's source as the client sees it)",
    );
    expect(lines).toContain(
      '  conntrack  zone 1, new entry, NEW; entry 10.250.0.2:40002 -> 10.251.0.53:53 / 10.251.0.53:53 -> 10.250.0.2:40002 in zone 1, UNREPLIED',
    );
    // #46935: the server's answer misses the zone-1 rule and starts an entry of its own in zone 0.
    expect(lines).toContain(
      '  conntrack  zone 0, new entry, NEW; entry 10.251.0.53:53 -> 10.250.0.2:40002 / 10.250.0.2:40002 -> 10.251.0.53:53 in zone 0, UNREPLIED',
    );
  });

  it("text: on 1.25 the answer is found in its query's zone 1 and the entry is replied", () => {
    const text = renderTraceText(trace('istio-1.25'));
    expect(text).toContain(
      '  conntrack  zone 1, found as reply, ESTABLISHED; entry 10.250.0.2:40002 -> 10.251.0.53:53 / 10.251.0.53:53 -> 10.250.0.2:40002 in zone 1, REPLIED',
    );
  });

  it("text: a TCP connection's first-packet trace has no conntrack or answer lines (only flows followed with replies)", () => {
    const w = worldFor('istio-1.25');
    const text = renderTraceText(simulate(w, findScenario('local-to-remote')!.connection(w)));
    expect(text).not.toContain('  conntrack  ');
    expect(text).not.toContain('  answer     ');
  });

  it('Mermaid: a dashed answer arrow per hop with its zone, and the diagram parses', async () => {
    const mmd = traceToMermaid(trace('istio-1.18'));
    expect(mmd.split('\n')).toEqual([
      'sequenceDiagram',
      '  participant application as application',
      '  participant pilot_agent as pilot-agent',
      '  participant Service_kube_dns as Service kube-dns',
      '  application->>pilot_agent: 1. 10.251.0.53:53 no ISTIO rule to 127.0.0.1:15053 at :15053 [zone 2]',
      '  pilot_agent-->>application: 1. answer from 10.251.0.53:53 [zone 2, reply] answered',
      '  pilot_agent->>Service_kube_dns: 2. 10.251.0.53:53 no ISTIO rule via eth0 [zone 1]',
      '  Service_kube_dns-->>pilot_agent: 2. answer from 10.251.0.53:53 [zone 0, new entry] answered',
      '',
    ]);
    expect(await validateMermaid([mmd])).toEqual([{ ok: true }]);
  });

  it("Mermaid: pilot-agent's query to a stub resolver in the pod arrives at the stub resolver, not back at pilot-agent", () => {
    const lines = traceToMermaid(trace('istio-1.25', 'dns-stub-resolver')).split('\n');
    expect(lines).toContain('  participant stub_resolver as stub resolver');
    expect(lines).toContain(
      '  pilot_agent->>stub_resolver: 2. 127.0.0.53:53 ISTIO_OUTPUT_DNS#35;1 then ISTIO_OUTPUT_DNS#35;3 then ISTIO_OUTPUT_DNS#35;5 then ISTIO_OUTPUT#35;4 at :53 [zone 1]',
    );
    expect(lines).toContain(
      '  stub_resolver-->>pilot_agent: 2. answer from 127.0.0.53:53 [zone 0, new entry] answered',
    );
    expect(lines.filter((l) => l.includes('pilot_agent->>pilot_agent'))).toEqual([]);
  });
});
