// The sidecar's port table: each port with the Istio source file that defines it (model/REFERENCES.md, "Ports and who
// listens on them").
export interface PortInfo {
  readonly port: number;
  readonly owner: string;
  readonly bound: string;
  readonly purpose: string;
  /** Where Istio defines it. */
  readonly source: string;
}

export const PORT_TABLE: readonly PortInfo[] = [
  {
    // istio-iptables hard-coded `-A ISTIO_INBOUND -p tcp --dport 22 -j RETURN` until istio/istio commit f1f7487b9cb
    // ("do not hardcode exclude 22, but explicitly opt out for VMs", #36312), first released in 1.13.0; since then
    // only `istioctl x workload entry configure` excludes it, for VMs, through ISTIO_LOCAL_EXCLUDE_PORTS.
    port: 22,
    owner: 'sshd, if the pod or VM runs one',
    bound: '-',
    purpose:
      'SSH; excluded from inbound capture by a hard-coded rule up to 1.12, captured like any port since 1.13 (VMs exclude it through ISTIO_LOCAL_EXCLUDE_PORTS)',
    source: 'tools/istio-iptables/pkg/capture/run.go (removed in f1f7487b9cb)',
  },
  {
    port: 15000,
    owner: 'Envoy',
    bound: '127.0.0.1 only',
    purpose: 'admin interface',
    source: 'pkg/config/mesh/mesh.go ProxyAdminPort',
  },
  {
    port: 15001,
    owner: 'Envoy',
    bound: 'all addresses',
    purpose: 'outbound capture listener (virtualOutbound): ISTIO_REDIRECT sends here',
    source: 'tools/common/config/config.go ProxyPort',
  },
  {
    port: 15002,
    owner: 'nobody (istio-iptables)',
    bound: '-',
    purpose: 'validation probe port of istio-iptables --run-validation; never an inbound exclusion',
    source: 'tools/istio-iptables/pkg/constants/constants.go',
  },
  {
    port: 15004,
    owner: 'pilot-agent',
    bound: 'localhost',
    purpose: 'xDS debug tap (1.10 to 1.24)',
    source: 'pilot/cmd/pilot-agent/status/server.go',
  },
  {
    port: 15006,
    owner: 'Envoy',
    bound: 'all addresses',
    purpose: 'inbound capture listener (virtualInbound): ISTIO_IN_REDIRECT sends here',
    source: 'tools/common/config/config.go InboundCapturePort',
  },
  {
    port: 15008,
    owner: 'Envoy',
    bound: 'all addresses',
    purpose: 'HBONE / mTLS tunnel inbound listener; ISTIO_INBOUND lets it through',
    source: 'tools/common/config/config.go InboundTunnelPort',
  },
  {
    port: 15010,
    owner: 'istiod',
    bound: '-',
    purpose: 'plaintext xDS',
    source: 'pilot/cmd/pilot-discovery/app/cmd.go',
  },
  {
    port: 15012,
    owner: 'istiod',
    bound: '-',
    purpose: 'mTLS xDS and CA (where pilot-agent connects)',
    source: 'pilot/cmd/pilot-discovery/app/cmd.go',
  },
  {
    port: 15014,
    owner: 'istiod',
    bound: '-',
    purpose: 'control plane metrics',
    source: 'pilot/cmd/pilot-discovery/app/cmd.go',
  },
  {
    port: 15017,
    owner: 'istiod',
    bound: '-',
    purpose: 'webhooks (Service port 443)',
    source: 'pilot/cmd/pilot-discovery/app/cmd.go',
  },
  {
    port: 15020,
    owner: 'pilot-agent',
    bound: 'all addresses',
    purpose: 'status server: merged Prometheus metrics, rewritten app probes, readiness',
    source: 'pilot/cmd/pilot-agent/status/server.go',
  },
  {
    port: 15021,
    owner: 'Envoy',
    bound: 'all addresses',
    purpose: 'health listener (/healthz/ready, proxied to pilot-agent on 15020)',
    source: 'pilot/cmd/pilot-agent/options/options.go',
  },
  {
    port: 15053,
    owner: 'pilot-agent',
    bound: 'localhost',
    purpose: 'DNS proxy (only with DNS capture)',
    source: 'tools/istio-iptables/pkg/constants/constants.go',
  },
  {
    port: 15090,
    owner: 'Envoy',
    bound: 'all addresses',
    purpose: 'Prometheus listener (/stats/prometheus, proxied to the admin port)',
    source: 'pilot/cmd/pilot-agent/options/options.go',
  },
];
