// Where the built-in profiles really break an invariant, or where one does not apply. Written by hand from
// istio-iptables.md: 1.4 captured Envoy's Prometheus port 15090 (§4: 15090 was not excluded before 1.5) and sent an
// application's connection to its own pod IP through Envoy (§5 d: "1.4: rule 2 -> Envoy inbound"), and until 1.18
// ISTIO_OUTPUT rule 2 redirected the proxy's own connections to the 15008 tunnel port (57f3b2bab3c, #43414).
export const EXPECTED_VIOLATIONS: Readonly<Record<string, readonly string[]>> = {
  'istio-1.4': ['metrics-bypass', 'app-self-bypass'],
  'istio-1.8': ['tunnel-bypass'],
  'istio-1.10': ['tunnel-bypass'],
  'istio-1.11': ['tunnel-bypass'],
  'istio-1.14': ['tunnel-bypass'],
};

/** 1.4 and 1.5 declare no tunnel port (15008 arrived in 1.7). */
export const EXPECTED_NOT_APPLICABLE: Readonly<Record<string, readonly string[]>> = {
  'istio-1.4': ['tunnel-bypass'],
  'istio-1.5': ['tunnel-bypass'],
};
