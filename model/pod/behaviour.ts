// What Envoy and pilot-agent do with a connection they accept, per Istio version: inbound clusters, the agent's
// probers and UpstreamLocalAddressIPv4 in Istio's own code (model/REFERENCES.md, "How Envoy and pilot-agent reach the
// application, per release", names the files and commits).

export interface EnvoyBehaviour {
  /** The Istio version this behaviour is from, e.g. "1.10". */
  readonly version: string;
  /**
   * How the inbound listener (15006) connects to the application:
   * - 'bind-127.0.0.6': 1.10+ (535fc0716e0, ORIGINAL_DST inbound clusters): from 127.0.0.6 to the original destination;
   * - 'localhost': 1.5 to 1.9: inbound clusters for declared ports target 127.0.0.1:port with no bind; the passthrough
   *   cluster for undeclared ports binds 127.0.0.6 and targets the original destination.
   */
  readonly inboundUpstream: 'bind-127.0.0.6' | 'localhost';
  /** Inbound ports istio-init excludes from capture by default (its -d flag plus hard-coded ones), for the docs. */
  readonly excludedInboundPorts: readonly number[];
  /** The inbound tunnel (HBONE) port the rules declare, or null before it existed. */
  readonly tunnelPort: number | null;
  /** Envoy's health listener 15021 exists from 1.7. */
  readonly healthPort: number | null;
  /**
   * How pilot-agent's rewritten app probes reach the application: 1.10+ from 127.0.0.6 to the pod IP
   * (UpstreamLocalAddressIPv4); before, to localhost:port.
   */
  readonly agentProbe: 'bind-127.0.0.6' | 'localhost';
}

export const PORTS = {
  admin: 15000,
  outbound: 15001,
  validationProbe: 15002,
  inbound: 15006,
  tunnel: 15008,
  status: 15020,
  health: 15021,
  dns: 15053,
  prometheus: 15090,
} as const;
