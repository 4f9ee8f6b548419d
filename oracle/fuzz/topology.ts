// The fuzzer's two namespaces in both families: the pod (lo, eth0 with 10.250.0.2 and fd00:250::2) and the remote
// (eth1 with the remote pod's and the outside actors' addresses, the Service VIPs on lo), the same addresses as the
// model's world (model/pod/world.ts). The pod routes only its link and the Service ranges: traffic has nowhere else
// to go, so nothing a random ruleset does can reach beyond these two namespaces.
import type { Family } from '../../model/net/index.ts';

export interface FamilyTopology {
  readonly podAddr: string;
  readonly remoteAddr: string;
  /** Owned by the remote on its link (the remote pod first, then the kubelet, istiod and Prometheus). */
  readonly remoteLinkAddrs: readonly string[];
  /** Owned by the remote on its lo; the pod routes them through the remote. */
  readonly serviceVips: readonly string[];
  readonly serviceCidr: string;
  readonly linkPrefix: number;
  readonly loopback: string;
  /** A loopback address Envoy binds (127.0.0.6; IPv6 has only ::1). */
  readonly loopbackBind: string;
  /** On the link, owned by nobody: a SYN sent there gets no answer. */
  readonly unowned: string;
}

export const FUZZ_TOPOLOGY: Readonly<Record<Family, FamilyTopology>> = {
  ipv4: {
    podAddr: '10.250.0.2',
    remoteAddr: '10.250.0.3',
    remoteLinkAddrs: ['10.250.0.3', '10.250.0.1', '10.250.0.4', '10.250.0.5'],
    serviceVips: ['10.251.0.10', '10.251.0.11', '10.251.0.20'],
    serviceCidr: '10.251.0.0/16',
    linkPrefix: 24,
    loopback: '127.0.0.1',
    loopbackBind: '127.0.0.6',
    unowned: '10.250.0.99',
  },
  ipv6: {
    podAddr: 'fd00:250::2',
    remoteAddr: 'fd00:250::3',
    remoteLinkAddrs: ['fd00:250::3', 'fd00:250::1', 'fd00:250::4', 'fd00:250::5'],
    serviceVips: ['fd00:251::10', 'fd00:251::11', 'fd00:251::20'],
    serviceCidr: 'fd00:251::/64',
    linkPrefix: 64,
    loopback: '::1',
    loopbackBind: '::1',
    unowned: 'fd00:250::99',
  },
};

/** Ports the remote listens on (root), on every address it owns. Anything else there is refused. */
export const REMOTE_PORTS: readonly number[] = [8080, 15012, 9000];

/** The UDP port of the sync marker (a datagram to the pod's loopback that the trace table logs). */
export const SYNC_PORT = 9;
/** Sync markers come from ports below the harness's connection ports (oracle/ports.ts starts at 30000). */
export const SYNC_PORT_FIRST = 20000;
export const SYNC_PORT_COUNT = 9000;
