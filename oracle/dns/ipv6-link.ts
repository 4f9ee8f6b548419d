// IPv6 on the DNS session's namespace pair (made IPv4-only by oracle/netns.ts createNamespacePair): the model's IPv6
// addresses (fd00:250::2 in the pod, fd00:250::3 across the link, model/pod/world.ts) as the fuzzer sets them up
// (oracle/fuzz/namespaces.ts): no duplicate address detection, permanent neighbours, the Service range routed
// through the remote. Every packet the kernel sends by itself would be counted by the ip6tables rules (raw OUTPUT's
// `-j ISTIO_OUTPUT_DNS` matches any packet), so the pair is kept silent: no router solicitation (accept_ra 0,
// net/ipv6/addrconf.c sends one only when RAs are accepted), no neighbour solicitation (static neighbours), and the
// session waits for the multicast listener reports that joining the addresses' groups sends (net/ipv6/mcast.c,
// repeated mld_qrv times within mldv2_unsolicited_report_interval) before any flow is counted.
import { assertOurs, type NamespacePair } from '../netns.ts';
import { delay, type ProcessGroup } from '../proc.ts';
import { POD_IFACE, REMOTE_IFACE } from '../topology.ts';

export const IPV6 = {
  pod: 'fd00:250::2',
  remote: 'fd00:250::3',
  prefix: 64,
  serviceCidr: 'fd00:251::/64',
} as const;

/** Unsolicited MLD reports are resent within this interval (ms); set on both ends before any address is added. */
const MLD_REPORT_INTERVAL_MS = 10;

async function macOf(procs: ProcessGroup, ns: string, dev: string): Promise<string> {
  const { stdout } = await procs.run('ip', ['-n', ns, '-j', 'link', 'show', 'dev', dev]);
  const mac = (JSON.parse(stdout) as Array<{ address?: string }>)[0]?.address;
  if (!mac) throw new Error(`no link-layer address for ${dev} in ${ns}`);
  return mac;
}

/**
 * Silences one end of the link before its IPv6 addresses are added: sysctls of one of our namespaces (net.ipv6.conf
 * is per network namespace; never the root namespace's), no address detection (accept_dad 0), and no link-local
 * address (addrgenmode none, the one made when createNamespacePair brought the link up is removed with its DAD).
 */
async function quiet(procs: ProcessGroup, ns: string, dev: string): Promise<void> {
  const settings = [
    `net.ipv6.conf.${dev}.accept_ra=0`,
    `net.ipv6.conf.${dev}.router_solicitations=0`,
    `net.ipv6.conf.${dev}.accept_dad=0`,
    `net.ipv6.conf.${dev}.dad_transmits=0`,
    `net.ipv6.conf.${dev}.mldv2_unsolicited_report_interval=${MLD_REPORT_INTERVAL_MS}`,
    `net.ipv6.conf.${dev}.mldv1_unsolicited_report_interval=${MLD_REPORT_INTERVAL_MS}`,
  ];
  await procs.run('ip', ['netns', 'exec', assertOurs(ns), 'sysctl', '-q', '-w', ...settings]);
  const link = [`link set dev ${dev} addrgenmode none`, `addr flush dev ${dev} scope link`];
  await procs.run('ip', ['-n', ns, '-batch', '-'], { input: `${link.join('\n')}\n` });
}

/** Adds the IPv6 addresses, the Service range's route and permanent neighbours. */
export async function addIpv6(procs: ProcessGroup, pair: NamespacePair): Promise<void> {
  await quiet(procs, pair.pod, POD_IFACE);
  await quiet(procs, pair.remote, REMOTE_IFACE);
  const podMac = await macOf(procs, pair.pod, POD_IFACE);
  const remoteMac = await macOf(procs, pair.remote, REMOTE_IFACE);
  const pod = [
    `addr add ${IPV6.pod}/${IPV6.prefix} dev ${POD_IFACE} nodad`,
    `route add ${IPV6.serviceCidr} via ${IPV6.remote} dev ${POD_IFACE}`,
    `neigh replace ${IPV6.remote} lladdr ${remoteMac} dev ${POD_IFACE} nud permanent`,
  ];
  await procs.run('ip', ['-n', pair.pod, '-batch', '-'], { input: `${pod.join('\n')}\n` });
  const remote = [
    `addr add ${IPV6.remote}/${IPV6.prefix} dev ${REMOTE_IFACE} nodad`,
    `neigh replace ${IPV6.pod} lladdr ${podMac} dev ${REMOTE_IFACE} nud permanent`,
  ];
  await procs.run('ip', ['-n', pair.remote, '-batch', '-'], { input: `${remote.join('\n')}\n` });
  // The reports of the groups just joined (and the link-local address's, joined when the link came up).
  await delay(MLD_REPORT_INTERVAL_MS * 20);
}
