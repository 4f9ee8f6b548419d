// The fast part of the golden-configuration mutation suites, in `npm test`: on three golden configurations, the
// mutants that survived every invariant before the self-traffic ones existed (model/invariants/self-traffic.ts, and
// proxy-egress-direct applying without outbound capture), each killed by the invariant that states the intent it
// breaks. The full suites (every mutant, the 90% score) run in `npm run test:mutation-goldens` (golden-scores.deep.ts).
import { describe, expect, it } from 'vitest';
import { goldenMutationAnalysis } from './golden-mutation.ts';

const KILLERS: Record<string, Record<string, string>> = {
  'kube-virt-interfaces': {
    // Envoy's connection to the pod IP is no longer redirected to 15006: it reaches the application directly.
    'delete nat ISTIO_OUTPUT#2': 'proxy-self-inbound',
    // ... or is redirected to a port where nothing listens.
    'port nat ISTIO_IN_REDIRECT#1: --to-ports 15006 -> 15007': 'proxy-self-inbound',
    // a process with uid 1000 and the proxy's gid calling the pod IP is no longer let through by its uid.
    'negation nat ISTIO_OUTPUT#3: drop ! on --uid-owner': 'uid-self-bypass',
  },
  'outbound-ports-include': {
    'jump-target nat ISTIO_OUTPUT#2: jump ISTIO_IN_REDIRECT -> RETURN': 'proxy-self-inbound',
    'jump-target nat ISTIO_OUTPUT#3: RETURN -> jump ISTIO_INBOUND': 'uid-self-bypass',
  },
  'inbound-ports-tproxy': {
    // the 1338 mark of a proxy gid's call to the pod IP is gone, so TPROXY no longer captures it.
    'delete mangle OUTPUT#3': 'tproxy-gid-self-inbound',
    // nat redirects that call to 15006 instead of leaving it to TPROXY.
    'delete nat ISTIO_OUTPUT#3': 'tproxy-gid-self-inbound',
    // Envoy's call to the pod IP is captured by TPROXY instead of nat's redirect to 15006.
    'delete nat ISTIO_IN_REDIRECT#1': 'proxy-self-inbound',
    // Envoy's upstream to a remote pod is sent to 15006 with no outbound capture configured.
    'negation nat ISTIO_OUTPUT#2: add ! on out-interface': 'proxy-egress-direct',
  },
};

describe.each(Object.entries(KILLERS))('%s (ipv4): former survivors are killed', (golden, killers) => {
  const summary = goldenMutationAnalysis(golden, 'ipv4', (m) => m.id in killers);
  it.each(Object.entries(killers))('%s is killed by %s', (mutantId, invariant) => {
    const r = [...summary.killed, ...summary.survived, ...summary.equivalent].find((x) => x.mutant.id === mutantId);
    expect(r, `no mutant ${mutantId}`).toBeDefined();
    expect(r!.killedBy).toContain(invariant);
  });
});
