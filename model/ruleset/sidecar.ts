// The chains and tables Istio's sidecar capture creates, under both of its backends' names: istio-iptables writes
// ISTIO_OUTPUT in the nat table (tools/istio-iptables/pkg/constants/constants.go at istio/istio 86c9f01), the native
// nftables backend istio-output in the inet table istio-proxy-nat (tools/istio-nftables/pkg/constants/constants.go,
// Istio 1.27+). Whatever reads a ruleset as a sidecar's (the invariants' intent, trace summaries) asks here, so that
// both backends' dumps are understood alike.
import type { TableRef } from './tables.ts';

export type SidecarChain = 'inbound' | 'output' | 'redirect' | 'in-redirect' | 'tproxy' | 'divert' | 'drop';

const NAMES: Readonly<Record<SidecarChain, readonly [iptables: string, nft: string]>> = {
  inbound: ['ISTIO_INBOUND', 'istio-inbound'],
  output: ['ISTIO_OUTPUT', 'istio-output'],
  redirect: ['ISTIO_REDIRECT', 'istio-redirect'],
  'in-redirect': ['ISTIO_IN_REDIRECT', 'istio-in-redirect'],
  tproxy: ['ISTIO_TPROXY', 'istio-tproxy'],
  divert: ['ISTIO_DIVERT', 'istio-divert'],
  drop: ['ISTIO_DROP', 'istio-drop'],
};

/** Whether `name` is the sidecar's chain of this role in either backend. */
export const isSidecarChain = (name: string, role: SidecarChain): boolean => NAMES[role].includes(name);

/** The table where the sidecar's nat chains live: iptables' `nat` (ip or ip6) or nft's `inet istio-proxy-nat`. */
export function isSidecarNatTable(table: TableRef): boolean {
  if (table.family === 'inet') return table.name === 'istio-proxy-nat';
  return (table.family === 'ip' || table.family === 'ip6') && table.name === 'nat';
}
