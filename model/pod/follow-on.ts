// What the receiver of a connection does next. A "forward" continues the same story (Envoy proxying); a "call" is a
// side request made while serving (pilot-agent merging metrics), which does not change where the story ends.
import { type Addr, type Family, loopbackOf, parseAddr } from '../net/index.ts';
import { addrText, type Endpoint, endpointText } from '../trace/index.ts';
import { PORTS } from './behaviour.ts';
import type { Connection, StatusRequest } from './connection.ts';
import type { Listener } from './listeners.ts';
import { findService, KUBE_DNS, podAddrs, type World } from './world.ts';

export interface Accepted {
  readonly listener: Listener;
  readonly originalDst: Endpoint;
  readonly family: 'ipv4' | 'ipv6';
  readonly request: StatusRequest | undefined;
}

export interface FollowOn {
  readonly connection: Connection;
  readonly cause: string;
  readonly forwards: boolean;
}

const loopback = loopbackOf;
const INBOUND_SOURCE: Readonly<Record<Family, Addr>> = { ipv4: parseAddr('127.0.0.6'), ipv6: parseAddr('::6') };

/** 127.0.0.6 and its IPv6 twin ::6, the source Envoy binds for inbound upstreams (excluded by ISTIO_OUTPUT rule 1). */
export function inboundSource(family: Family): Addr {
  return INBOUND_SOURCE[family];
}

/** `addr:port` as the causes have always written it (IPv6 without brackets). */
const at = (e: Endpoint): string => endpointText(e);

export function followOns(world: World, accepted: Accepted): readonly FollowOn[] {
  const { pod } = world;
  const { listener, originalDst, family } = accepted;
  const proxy = { kind: 'pod', actor: 'envoy', uid: pod.proxy.uid, gid: pod.proxy.gid } as const;
  const agent = { kind: 'pod', actor: 'pilot-agent', uid: pod.agent.uid, gid: pod.agent.gid } as const;
  const orig = at(originalDst);
  // Istio's virtualOutbound-blackhole and virtualInbound-blackhole filter chains close connections whose original
  // destination is the capture port itself (someone dialled 15001/15006 directly), so they cannot loop.
  if (
    (listener.role === 'outbound-capture' || listener.role === 'inbound-capture') &&
    originalDst.port === listener.port
  ) {
    return [];
  }
  switch (listener.role) {
    case 'outbound-capture': {
      const service = findService(world, originalDst);
      const target = service?.endpoints[0] ?? originalDst;
      const cause = service
        ? `Envoy's outbound listener reads the original destination ${orig} (Service ${service.name}) and connects to its endpoint ${at(target)}`
        : `Envoy's outbound listener reads the original destination ${orig} and connects to it`;
      return [{ connection: { from: proxy, protocol: 'tcp', dst: target }, cause, forwards: true }];
    }
    case 'inbound-capture': {
      const declared = pod.app.ports.includes(originalDst.port);
      if (pod.envoy.inboundUpstream === 'localhost' && declared) {
        const dst = { addr: loopback(family), port: originalDst.port };
        return [
          {
            connection: { from: proxy, protocol: 'tcp', dst },
            cause: `Envoy's inbound listener (Istio ${pod.envoy.version}) connects to the application at ${at(dst)}`,
            forwards: true,
          },
        ];
      }
      return [
        {
          connection: { from: proxy, protocol: 'tcp', dst: originalDst, src: inboundSource(family) },
          cause: `Envoy's inbound listener connects to the original destination ${orig} from ${addrText(inboundSource(family))}`,
          forwards: true,
        },
      ];
    }
    case 'prometheus':
      return [
        {
          connection: { from: proxy, protocol: 'tcp', dst: { addr: loopback(family), port: PORTS.admin } },
          cause: "Envoy's Prometheus listener proxies /stats/prometheus to its admin port",
          forwards: true,
        },
      ];
    case 'health':
      return [
        {
          connection: {
            from: proxy,
            protocol: 'tcp',
            dst: { addr: loopback(family), port: PORTS.status },
            request: 'ready',
          },
          cause: "Envoy's health listener proxies /healthz/ready to pilot-agent",
          forwards: true,
        },
      ];
    case 'status':
      return statusCalls(world, accepted, agent);
    case 'dns':
      return dnsUpstream(world, accepted, agent);
    case 'dns-stub':
      return stubUpstream(world, accepted);
    case 'admin':
    case 'tunnel':
    case 'app':
      return [];
    default: {
      const never: never = listener.role;
      throw new Error(`unhandled listener role ${String(never)}`);
    }
  }
}

function statusCalls(world: World, accepted: Accepted, agent: Connection['from']): readonly FollowOn[] {
  const { pod } = world;
  const { family } = accepted;
  switch (accepted.request ?? 'metrics') {
    case 'metrics':
      return [
        {
          connection: { from: agent, protocol: 'tcp', dst: { addr: loopback(family), port: PORTS.prometheus } },
          cause: "pilot-agent serves the merged metrics and fetches Envoy's from localhost:15090",
          forwards: false,
        },
      ];
    case 'ready':
      return [
        {
          connection: { from: agent, protocol: 'tcp', dst: { addr: loopback(family), port: PORTS.admin } },
          cause: "pilot-agent answers readiness by asking Envoy's admin port",
          forwards: false,
        },
      ];
    case 'app-health': {
      const port = pod.app.ports[0];
      if (port === undefined) return [];
      const podIp = podAddrs(pod, family)[0];
      if (pod.envoy.agentProbe === 'bind-127.0.0.6' && podIp) {
        const dst = { addr: podIp, port };
        return [
          {
            connection: { from: agent, protocol: 'tcp', dst, src: inboundSource(family) },
            cause: `pilot-agent runs the rewritten application probe against ${at(dst)} from ${addrText(inboundSource(family))}`,
            forwards: false,
          },
        ];
      }
      return [
        {
          connection: { from: agent, protocol: 'tcp', dst: { addr: loopback(family), port } },
          cause: `pilot-agent runs the rewritten application probe against localhost:${port}`,
          forwards: false,
        },
      ];
    }
  }
}

/**
 * pilot-agent's DNS proxy answers names it knows from its own table and forwards the rest to the resolv.conf servers
 * it read at start, over the protocol of the query (pkg/dns/client/dns.go, LocalDNSServer; proxy.go's upstreamClient
 * uses the query's protocol). The model follows a name it does not know: one upstream query to the first server of the
 * family, as pilot-agent's own uid. With no server configured there is nothing to forward to.
 */
function dnsUpstream(world: World, accepted: Accepted, agent: Connection['from']): readonly FollowOn[] {
  const server = world.pod.dnsServers.find((a) => a.family === accepted.family);
  if (server === undefined) return [];
  const dst = { addr: server, port: 53 };
  return [
    {
      connection: { from: agent, protocol: accepted.listener.protocol, dst },
      cause: `pilot-agent's DNS proxy forwards the query upstream to the resolv.conf server ${at(dst)}`,
      forwards: true,
    },
  ];
}

/**
 * A stub resolver (systemd-resolved on 127.0.0.53) answers from its cache or forwards to its own upstream; the model
 * follows a name it does not know to the cluster's DNS, the kube-dns Service of the family, as the stub's own uid.
 * That uid is neither the proxy's nor the application's, so the rules treat its query like any other process's: with
 * capture-all-dns it is captured again.
 */
function stubUpstream(world: World, accepted: Accepted): readonly FollowOn[] {
  const { uid, gid } = world.pod.stubResolver;
  const dst = KUBE_DNS[accepted.family].vip;
  return [
    {
      connection: {
        from: { kind: 'pod', actor: 'stub-resolver', uid, gid },
        protocol: accepted.listener.protocol,
        dst,
      },
      cause: `the stub resolver on ${at(accepted.listener.bind === 'any' || accepted.listener.bind === 'loopback' ? accepted.originalDst : { addr: accepted.listener.bind, port: 53 })} forwards the query to the cluster's DNS ${at(dst)}`,
      forwards: true,
    },
  ];
}
