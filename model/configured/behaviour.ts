// Envoy's and pilot-agent's behaviour for any Istio version, derived from the version (never silently the newest):
// the same facts the profiles hold for their releases (model/profiles, model/REFERENCES.md "How Envoy and pilot-agent
// reach the application, per release"), plus the configuration's own ports.
import { atLeast, featuresOf, type IstioConfig, type IstioVersion } from '../istio/index.ts';
import type { EnvoyBehaviour } from '../pod/index.ts';

/**
 * - inbound upstream and agent probes: from 127.0.0.6 since 1.10 (istio/istio 535fc0716e0, ORIGINAL_DST inbound
 *   clusters; UpstreamLocalAddressIPv4), to localhost:port before;
 * - the tunnel port: Envoy's HBONE listener and ISTIO_INBOUND's RETURN for it since 1.7 (7405e49a014, #25392);
 * - the health listener 15021 since 1.7;
 * - the excluded inbound ports: the tunnel port, 22 until 1.12 (f1f7487b9cb, #36312, removed it in 1.13), then -d.
 */
export function envoyBehaviourOf(version: IstioVersion, config: IstioConfig): EnvoyBehaviour {
  const f = featuresOf(version);
  const modern = atLeast(version, '1.10');
  const tunnelPort = f.tunnelPort ? config.inboundTunnelPort : null;
  return {
    version,
    inboundUpstream: modern ? 'bind-127.0.0.6' : 'localhost',
    agentProbe: modern ? 'bind-127.0.0.6' : 'localhost',
    excludedInboundPorts: [
      ...(tunnelPort !== null ? [tunnelPort] : []),
      ...(f.sshExclusion ? [22] : []),
      ...config.inboundPortsExclude,
    ],
    tunnelPort,
    healthPort: atLeast(version, '1.7') ? 15021 : null,
  };
}
