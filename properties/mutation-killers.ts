// For every invariant, a named single mutant that it kills, so no invariant can pass vacuously. Chosen by hand:
// each mutant breaks exactly what its invariant is about.
export const KILLERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'istio-1.10': {
    // Envoy's upstream to a remote pod is sent back to 15001 again and again.
    'proxy-no-loop': 'jump-target nat ISTIO_OUTPUT#4: RETURN -> jump ISTIO_REDIRECT',
    terminates: 'jump-target nat ISTIO_OUTPUT#4: RETURN -> jump ISTIO_REDIRECT',
    // 15090 is no longer let through.
    'metrics-bypass': 'delete nat ISTIO_INBOUND#3',
    // Envoy's connection to the pod's own IP is no longer sent to 15006.
    'local-to-local': 'delete nat ISTIO_OUTPUT#2',
    // pilot-agent to istiod now leaves through the gid rule 7, not the uid rule.
    'istiod-exit': 'delete nat ISTIO_OUTPUT#4',
    // remote connections to the application are no longer captured.
    'inbound-once': 'delete nat ISTIO_INBOUND#6',
    // the application's connections are no longer captured.
    'outbound-once': 'delete nat ISTIO_OUTPUT#9',
    // SSH (22) is captured.
    'inbound-exclusions': 'delete nat ISTIO_INBOUND#2',
    // the proxy's localhost traffic is sent to 15006.
    'loopback-bypass': 'address nat ISTIO_OUTPUT#2: destination address +1',
    // an application calling its own pod IP is sent to 15006.
    'app-self-bypass': 'jump-target nat ISTIO_OUTPUT#3: RETURN -> jump ISTIO_IN_REDIRECT',
    // a uid-1337 process with another gid is captured on its way out.
    'proxy-egress-direct': 'delete nat ISTIO_OUTPUT#4',
  },
  'istio-1.25': {
    'proxy-no-loop': 'jump-target nat ISTIO_OUTPUT#4: RETURN -> jump ISTIO_REDIRECT',
    terminates: 'jump-target nat ISTIO_OUTPUT#4: RETURN -> jump ISTIO_REDIRECT',
    'metrics-bypass': 'delete nat ISTIO_INBOUND#2',
    'local-to-local': 'delete nat ISTIO_OUTPUT#2',
    'istiod-exit': 'delete nat ISTIO_OUTPUT#4',
    'inbound-once': 'delete nat ISTIO_INBOUND#5',
    'outbound-once': 'delete nat ISTIO_OUTPUT#9',
    // the tunnel port is captured when its RETURN goes.
    'tunnel-bypass': 'delete nat ISTIO_INBOUND#1',
    'inbound-exclusions': 'delete nat ISTIO_INBOUND#1',
    'loopback-bypass': 'address nat ISTIO_OUTPUT#2: destination address +1',
    'app-self-bypass': 'jump-target nat ISTIO_OUTPUT#3: RETURN -> jump ISTIO_IN_REDIRECT',
    'proxy-egress-direct': 'delete nat ISTIO_OUTPUT#4',
  },
};
