// How Envoy's inbound listener (15006) and pilot-agent's rewritten probes reach the application, before and from
// Istio 1.10 (istio/istio 535fc0716e0: inbound clusters became ORIGINAL_DST clusters bound to 127.0.0.6; the agent's
// probes bind the same source, UpstreamLocalAddressIPv4). model/pod/behaviour.ts says what each value means.
export const LEGACY_INBOUND = { inboundUpstream: 'localhost', agentProbe: 'localhost' } as const;
export const MODERN_INBOUND = { inboundUpstream: 'bind-127.0.0.6', agentProbe: 'bind-127.0.0.6' } as const;
