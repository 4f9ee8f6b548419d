// Every scenario on every profile: the exact hop sequence, written by hand from each release's rules
// (model/profiles/istio-X.Y.ts), the reasoning in model/REFERENCES.md and the kernel's observations
// (oracle/OBSERVATIONS.md). Notation per hop: "<actor> <ISTIO_* nat rules hit> > <where it landed>".
// The complete hit lists (with built-in chains and policies) are in the golden trace files (test/golden/traces).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../model/pod/simulate.ts';
import { PROFILES, type ProfileName } from '../../model/profiles/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';
import type { Trace } from '../../model/trace/index.ts';
import { worldFor } from '../helpers/world.ts';

function notation(trace: Trace): string[] {
  return trace.hops.map((hop) => {
    const rules = hop.hits
      .filter((h) => h.table.name === 'nat' && h.kind === 'rule' && h.chain.startsWith('ISTIO_'))
      .map((h) => `${h.chain}#${h.index}`)
      .join(',');
    const lands = hop.landed.kind === 'listener' ? hop.landed.role : hop.landed.kind;
    return `${hop.actor.id} ${rules || '-'} > ${lands}`;
  });
}

type Expectations = Record<string, readonly string[]>;

// Istio 1.10 and 1.11: ISTIO_INBOUND is 15008, 22, 15090, 15021, 15020, then the redirect (#6).
const V1_10: Expectations = {
  'remote-to-local': ['remote ISTIO_INBOUND#6,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#1 > app'],
  'local-to-remote': ['app ISTIO_OUTPUT#9,ISTIO_REDIRECT#1 > outbound-capture', 'envoy ISTIO_OUTPUT#4 > left-pod'],
  'prometheus-to-local': ['prometheus ISTIO_INBOUND#3 > prometheus', 'envoy ISTIO_OUTPUT#4 > admin'],
  'local-to-local': [
    'app ISTIO_OUTPUT#9,ISTIO_REDIRECT#1 > outbound-capture',
    'envoy ISTIO_OUTPUT#2,ISTIO_IN_REDIRECT#1 > inbound-capture',
    'envoy ISTIO_OUTPUT#1 > app',
  ],
  'envoy-inter-process': ['pilot-agent ISTIO_OUTPUT#4 > admin'],
  'sidecar-to-istiod': ['pilot-agent ISTIO_OUTPUT#4 > left-pod'],
  'app-to-own-pod-ip': ['app ISTIO_OUTPUT#3 > app'],
  'app-to-localhost': ['app ISTIO_OUTPUT#3 > app'],
  'agent-non-proxy-uid': [
    'pilot-agent ISTIO_OUTPUT#9,ISTIO_REDIRECT#1 > outbound-capture',
    'envoy ISTIO_OUTPUT#4 > left-pod',
  ],
  'kubelet-probe': [
    'kubelet ISTIO_INBOUND#4 > health',
    'envoy ISTIO_OUTPUT#4 > status',
    'pilot-agent ISTIO_OUTPUT#4 > admin',
  ],
  'kubelet-app-probe': ['kubelet ISTIO_INBOUND#5 > status', 'pilot-agent ISTIO_OUTPUT#1 > app'],
  'prometheus-scrape-15020': [
    'prometheus ISTIO_INBOUND#5 > status',
    'pilot-agent ISTIO_OUTPUT#4 > prometheus',
    'envoy ISTIO_OUTPUT#4 > admin',
  ],
  'prometheus-scrape-15021': [
    'prometheus ISTIO_INBOUND#4 > health',
    'envoy ISTIO_OUTPUT#4 > status',
    'pilot-agent ISTIO_OUTPUT#4 > admin',
  ],
};

// 1.13 removed port 22: ISTIO_INBOUND is 15008, 15090, 15021, 15020, then the redirect (#5). ISTIO_OUTPUT numbering
// is unchanged through 1.25 (1.18 only narrows rules 2 and 5 with ! --dport 15008).
const V1_14: Expectations = {
  ...V1_10,
  'remote-to-local': ['remote ISTIO_INBOUND#5,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#1 > app'],
  'prometheus-to-local': ['prometheus ISTIO_INBOUND#2 > prometheus', 'envoy ISTIO_OUTPUT#4 > admin'],
  'kubelet-probe': [
    'kubelet ISTIO_INBOUND#3 > health',
    'envoy ISTIO_OUTPUT#4 > status',
    'pilot-agent ISTIO_OUTPUT#4 > admin',
  ],
  'kubelet-app-probe': ['kubelet ISTIO_INBOUND#4 > status', 'pilot-agent ISTIO_OUTPUT#1 > app'],
  'prometheus-scrape-15020': [
    'prometheus ISTIO_INBOUND#4 > status',
    'pilot-agent ISTIO_OUTPUT#4 > prometheus',
    'envoy ISTIO_OUTPUT#4 > admin',
  ],
  'prometheus-scrape-15021': [
    'prometheus ISTIO_INBOUND#3 > health',
    'envoy ISTIO_OUTPUT#4 > status',
    'pilot-agent ISTIO_OUTPUT#4 > admin',
  ],
};

// 1.8: 1.10's rules, but Envoy's inbound clusters (and pilot-agent's probes) target 127.0.0.1:port: rule 4, not 1.
const V1_8: Expectations = {
  ...V1_10,
  'remote-to-local': ['remote ISTIO_INBOUND#6,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#4 > app'],
  'local-to-local': [
    'app ISTIO_OUTPUT#9,ISTIO_REDIRECT#1 > outbound-capture',
    'envoy ISTIO_OUTPUT#2,ISTIO_IN_REDIRECT#1 > inbound-capture',
    'envoy ISTIO_OUTPUT#4 > app',
  ],
  'kubelet-app-probe': ['kubelet ISTIO_INBOUND#5 > status', 'pilot-agent ISTIO_OUTPUT#4 > app'],
};

// 1.5: ISTIO_INBOUND is 22, 15090, 15020, then the redirect (#4); no health listener 15021 yet, so 15021 is
// captured and Envoy's passthrough (from 127.0.0.6) finds nothing listening.
const V1_5: Expectations = {
  ...V1_8,
  'remote-to-local': ['remote ISTIO_INBOUND#4,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#4 > app'],
  'prometheus-to-local': ['prometheus ISTIO_INBOUND#2 > prometheus', 'envoy ISTIO_OUTPUT#4 > admin'],
  'kubelet-probe': ['kubelet ISTIO_INBOUND#4,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#1 > refused'],
  'kubelet-app-probe': ['kubelet ISTIO_INBOUND#3 > status', 'pilot-agent ISTIO_OUTPUT#4 > app'],
  'prometheus-scrape-15020': [
    'prometheus ISTIO_INBOUND#3 > status',
    'pilot-agent ISTIO_OUTPUT#4 > prometheus',
    'envoy ISTIO_OUTPUT#4 > admin',
  ],
  'prometheus-scrape-15021': [
    'prometheus ISTIO_INBOUND#4,ISTIO_IN_REDIRECT#1 > inbound-capture',
    'envoy ISTIO_OUTPUT#1 > refused',
  ],
};

// 1.4: six ISTIO_OUTPUT rules (127.0.0.6 RET; any-uid lo non-127.0.0.1 -> IN_REDIRECT; uid RET; gid RET;
// 127.0.0.1 RET; -> REDIRECT) and ISTIO_INBOUND 22, 15020, then the redirect (#3): 15090 is captured.
const V1_4: Expectations = {
  'remote-to-local': ['remote ISTIO_INBOUND#3,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#3 > app'],
  'local-to-remote': ['app ISTIO_OUTPUT#6,ISTIO_REDIRECT#1 > outbound-capture', 'envoy ISTIO_OUTPUT#3 > left-pod'],
  'prometheus-to-local': [
    'prometheus ISTIO_INBOUND#3,ISTIO_IN_REDIRECT#1 > inbound-capture',
    'envoy ISTIO_OUTPUT#1 > prometheus',
    'envoy ISTIO_OUTPUT#3 > admin',
  ],
  'local-to-local': [
    'app ISTIO_OUTPUT#6,ISTIO_REDIRECT#1 > outbound-capture',
    'envoy ISTIO_OUTPUT#2,ISTIO_IN_REDIRECT#1 > inbound-capture',
    'envoy ISTIO_OUTPUT#3 > app',
  ],
  'envoy-inter-process': ['pilot-agent ISTIO_OUTPUT#3 > admin'],
  'sidecar-to-istiod': ['pilot-agent ISTIO_OUTPUT#3 > left-pod'],
  'app-to-own-pod-ip': ['app ISTIO_OUTPUT#2,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#3 > app'],
  'app-to-localhost': ['app ISTIO_OUTPUT#5 > app'],
  'agent-non-proxy-uid': [
    'pilot-agent ISTIO_OUTPUT#6,ISTIO_REDIRECT#1 > outbound-capture',
    'envoy ISTIO_OUTPUT#3 > left-pod',
  ],
  'kubelet-probe': ['kubelet ISTIO_INBOUND#3,ISTIO_IN_REDIRECT#1 > inbound-capture', 'envoy ISTIO_OUTPUT#1 > refused'],
  'kubelet-app-probe': ['kubelet ISTIO_INBOUND#2 > status', 'pilot-agent ISTIO_OUTPUT#3 > app'],
  'prometheus-scrape-15020': [
    'prometheus ISTIO_INBOUND#2 > status',
    'pilot-agent ISTIO_OUTPUT#3 > prometheus',
    'envoy ISTIO_OUTPUT#3 > admin',
  ],
  'prometheus-scrape-15021': [
    'prometheus ISTIO_INBOUND#3,ISTIO_IN_REDIRECT#1 > inbound-capture',
    'envoy ISTIO_OUTPUT#1 > refused',
  ],
};

const EXPECTED: Readonly<Record<ProfileName, Expectations>> = {
  'istio-1.4': V1_4,
  'istio-1.5': V1_5,
  'istio-1.8': V1_8,
  'istio-1.10': V1_10,
  'istio-1.11': V1_10,
  'istio-1.14': V1_14,
  'istio-1.18': V1_14,
  'istio-1.22': V1_14,
  'istio-1.25': V1_14,
};

describe.each(PROFILES.map((p) => p.name))('%s', (profile) => {
  const world = worldFor(profile);
  it.each(SCENARIOS.map((s) => s.id))('%s', (id) => {
    const scenario = SCENARIOS.find((s) => s.id === id)!;
    const expected = EXPECTED[profile][id];
    expect(expected, `no expectation written for ${profile} ${id}`).toBeDefined();
    expect(notation(simulate(world, scenario.connection(world)))).toEqual(expected);
  });
});
