// Who listens where inside the pod (model/REFERENCES.md, "Ports and who listens on them"), and which listener accepts
// a packet.
import { type Addr, addrEquals, isLoopback, loopbackOf } from '../net/index.ts';
import { addrText, type ListenerActorId, type ListenerRole } from '../trace/index.ts';
import { PORTS } from './behaviour.ts';
import type { PodSpec } from './world.ts';

export type { ListenerRole } from '../trace/index.ts';

export interface Listener {
  readonly name: string;
  readonly actor: ListenerActorId;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  /**
   * 'any' is 0.0.0.0 / [::]; 'loopback' is 127.0.0.1 / [::1] only (Envoy's admin port); an address is that address
   * only (the stub resolver on 127.0.0.53).
   */
  readonly bind: 'any' | 'loopback' | Addr;
  readonly role: ListenerRole;
}

function rulesMention(pod: PodSpec, port: number): boolean {
  return Object.values(pod.rulesets).some((rs) =>
    rs?.tables.some((t) =>
      t.chains.some((c) => c.rules.some((r) => r.target.kind === 'redirect' && r.target.toPorts?.from === port)),
    ),
  );
}

export function podListeners(pod: PodSpec): readonly Listener[] {
  const b = pod.envoy;
  const list: Listener[] = [
    {
      name: 'envoy outbound',
      actor: 'envoy',
      port: PORTS.outbound,
      protocol: 'tcp',
      bind: 'any',
      role: 'outbound-capture',
    },
    {
      name: 'envoy inbound',
      actor: 'envoy',
      port: PORTS.inbound,
      protocol: 'tcp',
      bind: 'any',
      role: 'inbound-capture',
    },
    {
      name: 'envoy prometheus',
      actor: 'envoy',
      port: PORTS.prometheus,
      protocol: 'tcp',
      bind: 'any',
      role: 'prometheus',
    },
    { name: 'envoy admin', actor: 'envoy', port: PORTS.admin, protocol: 'tcp', bind: 'loopback', role: 'admin' },
    {
      name: 'pilot-agent status',
      actor: 'pilot-agent',
      port: PORTS.status,
      protocol: 'tcp',
      bind: 'any',
      role: 'status',
    },
  ];
  if (b.healthPort !== null) {
    list.push({
      name: 'envoy health',
      actor: 'envoy',
      port: b.healthPort,
      protocol: 'tcp',
      bind: 'any',
      role: 'health',
    });
  }
  if (b.tunnelPort !== null) {
    list.push({
      name: 'envoy tunnel (HBONE)',
      actor: 'envoy',
      port: b.tunnelPort,
      protocol: 'tcp',
      bind: 'any',
      role: 'tunnel',
    });
  }
  // pilot-agent's DNS proxy only runs when DNS capture is on, which shows as a REDIRECT to 15053 in the rules.
  if (rulesMention(pod, PORTS.dns)) {
    for (const protocol of ['tcp', 'udp'] as const) {
      list.push({
        name: 'pilot-agent dns',
        actor: 'pilot-agent',
        port: PORTS.dns,
        protocol,
        bind: 'loopback',
        role: 'dns',
      });
    }
  }
  // A loopback nameserver in resolv.conf is a stub resolver listening on that address in the pod's own namespace
  // (systemd-resolved's 127.0.0.53). Other loopback-range addresses are not the pod's (IPv6 has only ::1), so
  // ::127.0.0.53 is not a stub: a query to it routes out of the pod like any remote server.
  for (const server of pod.dnsServers.filter(isLoopback)) {
    for (const protocol of ['tcp', 'udp'] as const) {
      list.push({
        name: `stub resolver ${addrText(server)}`,
        actor: 'stub-resolver',
        port: 53,
        protocol,
        bind: server,
        role: 'dns-stub',
      });
    }
  }
  for (const port of pod.app.ports) {
    list.push({ name: `app :${port}`, actor: 'app', port, protocol: 'tcp', bind: 'any', role: 'app' });
  }
  return list;
}

/** The listening socket that accepts a packet for localAddr:port, as the kernel's socket lookup would. */
export function findListener(
  listeners: readonly Listener[],
  protocol: 'tcp' | 'udp',
  localAddr: Addr,
  port: number,
): Listener | undefined {
  return listeners.find((l) => {
    if (l.port !== port || l.protocol !== protocol) return false;
    // 'loopback' is bound to 127.0.0.1 (or ::1) exactly, so only that address reaches it.
    if (l.bind === 'any') return true;
    return addrEquals(localAddr, l.bind === 'loopback' ? loopbackOf(localAddr.family) : l.bind);
  });
}
