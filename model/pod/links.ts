// The links of the interfaces a configuration names besides the pod's own (-c excluded, -k virtual): each has the
// pod's address on it and one peer, on a connected prefix, so that traffic can arrive on it and leave by it. The
// configuration names only the interfaces; these addresses are the model's choice, documented here:
// - an excluded interface stands for a secondary network (a Multus attachment): 10.252.N.2/24 with a peer at .3,
//   fd00:252:N::2/64 with a peer at ::3;
// - a virtual interface stands for KubeVirt's masquerade binding, where the VM (10.0.2.2, fd10:0:2::2) sits behind
//   the pod's bridge (10.0.2.1, fd10:0:2::1) and its traffic enters the pod on that interface
//   (https://kubevirt.io/user-guide/network/interfaces_and_networks/#masquerade); the Nth takes 10.0.(2+N).0/24.
import { type Addr, addrEquals, type Cidr, cidrContains, type Family, parseAddr, parseCidr } from '../net/index.ts';
import type { ExtraInterface, PodSpec } from './world.ts';

export interface InterfaceLink {
  readonly iface: ExtraInterface;
  readonly family: Family;
  readonly subnet: Cidr;
  /** The pod's address on the link. */
  readonly local: Addr;
  /** The other end: the secondary network's peer, or the KubeVirt VM. */
  readonly peer: Addr;
}

function linkOf(iface: ExtraInterface, n: number, family: Family): InterfaceLink {
  const [prefix, local, peer] =
    iface.role === 'excluded'
      ? family === 'ipv4'
        ? [`10.252.${n}.0/24`, `10.252.${n}.2`, `10.252.${n}.3`]
        : [`fd00:252:${n}::/64`, `fd00:252:${n}::2`, `fd00:252:${n}::3`]
      : family === 'ipv4'
        ? [`10.0.${2 + n}.0/24`, `10.0.${2 + n}.1`, `10.0.${2 + n}.2`]
        : [`fd10:0:${2 + n}::/64`, `fd10:0:${2 + n}::1`, `fd10:0:${2 + n}::2`];
  return { iface, family, subnet: parseCidr(prefix), local: parseAddr(local), peer: parseAddr(peer) };
}

/** Every extra interface's link, in the configuration's order, for one family or both. */
export function interfaceLinks(pod: PodSpec, family?: Family): InterfaceLink[] {
  const families: Family[] = family ? [family] : ['ipv4', 'ipv6'];
  const count = { excluded: 0, virtual: 0 };
  // An extra interface named like the pod's own is that interface (-k eth0): it has no link of its own.
  return pod.extraInterfaces.flatMap((iface) => {
    if (iface.name === pod.iface) return [];
    const n = count[iface.role]++;
    return families.map((f) => linkOf(iface, n, f));
  });
}

/** interfaceLinks of one family, made once per pod: simulate() asks for them at every hop. */
const linkCache = new WeakMap<PodSpec, Partial<Record<Family, readonly InterfaceLink[]>>>();

function linksOf(pod: PodSpec, family: Family): readonly InterfaceLink[] {
  let byFamily = linkCache.get(pod);
  if (byFamily === undefined) {
    byFamily = {};
    linkCache.set(pod, byFamily);
  }
  byFamily[family] ??= interfaceLinks(pod, family);
  return byFamily[family];
}

/** The link whose prefix holds the address (a connected route), if any. */
export function linkFor(pod: PodSpec, addr: Addr): InterfaceLink | undefined {
  const links = linksOf(pod, addr.family);
  return links.length === 0 ? undefined : links.find((l) => cidrContains(l.subnet, addr));
}

/** The pod's own address on one of its extra interfaces. */
export function isLinkLocal(pod: PodSpec, addr: Addr): boolean {
  return linksOf(pod, addr.family).some((l) => addrEquals(l.local, addr));
}

/** The interface a packet from outside with this source arrives on: its link's, else the pod's own. */
export function arrivalIface(pod: PodSpec, src: Addr): string {
  return linkFor(pod, src)?.iface.name ?? pod.iface;
}
