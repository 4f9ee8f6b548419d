// Creates the fuzzer's namespace pair (fuzz/topology.ts) with the oracle's naming and guard (oracle/netns.ts): the
// veth pair is made inside the pod namespace with its peer moved straight into the remote one, IPv6 addresses skip
// duplicate address detection (nodad) so they are usable at once, neighbours are static, and every command names one
// of our namespaces.
import { assertOurs, destroyNamespacePairSync, type NamespacePair } from '../netns.ts';
import type { ProcessGroup } from '../proc.ts';
import { POD_IFACE, REMOTE_IFACE } from '../topology.ts';
import { FUZZ_TOPOLOGY } from './topology.ts';

async function macOf(procs: ProcessGroup, ns: string, dev: string): Promise<string> {
  const { stdout } = await procs.run('ip', ['-n', ns, '-j', 'link', 'show', 'dev', dev]);
  const mac = (JSON.parse(stdout) as Array<{ address?: string }>)[0]?.address;
  if (!mac) throw new Error(`no link-layer address for ${dev} in ${ns}`);
  return mac;
}

/**
 * Permanent neighbour entries on both ends of the link. Without them the first packet toward an address waits for
 * ARP or neighbour discovery; on a loaded machine that can outlast the SYN retransmission timeout, and the peer's
 * second SYN then shows up in the trace as a second traversal of every chain.
 */
async function staticNeighbours(procs: ProcessGroup, pair: NamespacePair): Promise<void> {
  const { ipv4: v4, ipv6: v6 } = FUZZ_TOPOLOGY;
  const podMac = await macOf(procs, pair.pod, POD_IFACE);
  const remoteMac = await macOf(procs, pair.remote, REMOTE_IFACE);
  const toRemote = [...v4.remoteLinkAddrs, ...v6.remoteLinkAddrs].map(
    (a) => `neigh replace ${a} lladdr ${remoteMac} dev ${POD_IFACE} nud permanent`,
  );
  await procs.run('ip', ['-n', pair.pod, '-batch', '-'], { input: `${toRemote.join('\n')}\n` });
  const toPod = [v4.podAddr, v6.podAddr].map(
    (a) => `neigh replace ${a} lladdr ${podMac} dev ${REMOTE_IFACE} nud permanent`,
  );
  await procs.run('ip', ['-n', pair.remote, '-batch', '-'], { input: `${toPod.join('\n')}\n` });
}

export async function createFuzzPair(procs: ProcessGroup, pair: NamespacePair): Promise<void> {
  assertOurs(pair.pod);
  assertOurs(pair.remote);
  const { ipv4: v4, ipv6: v6 } = FUZZ_TOPOLOGY;
  try {
    await procs.run('ip', ['netns', 'add', pair.pod]);
    await procs.run('ip', ['netns', 'add', pair.remote]);
    const pod = [
      'link set lo up',
      `link add ${POD_IFACE} type veth peer name ${REMOTE_IFACE} netns ${pair.remote}`,
      `addr add ${v4.podAddr}/${v4.linkPrefix} dev ${POD_IFACE}`,
      `addr add ${v6.podAddr}/${v6.linkPrefix} dev ${POD_IFACE} nodad`,
      `link set ${POD_IFACE} up`,
      `route add ${v4.serviceCidr} via ${v4.remoteAddr} dev ${POD_IFACE}`,
      `route add ${v6.serviceCidr} via ${v6.remoteAddr} dev ${POD_IFACE}`,
    ];
    await procs.run('ip', ['-n', pair.pod, '-batch', '-'], { input: `${pod.join('\n')}\n` });
    const remote = [
      'link set lo up',
      ...v4.remoteLinkAddrs.map((a) => `addr add ${a}/${v4.linkPrefix} dev ${REMOTE_IFACE}`),
      ...v6.remoteLinkAddrs.map((a) => `addr add ${a}/${v6.linkPrefix} dev ${REMOTE_IFACE} nodad`),
      `link set ${REMOTE_IFACE} up`,
      ...v4.serviceVips.map((a) => `addr add ${a}/32 dev lo`),
      ...v6.serviceVips.map((a) => `addr add ${a}/128 dev lo`),
    ];
    await procs.run('ip', ['-n', pair.remote, '-batch', '-'], { input: `${remote.join('\n')}\n` });
    await staticNeighbours(procs, pair);
  } catch (e) {
    destroyNamespacePairSync(pair);
    throw e;
  }
}
