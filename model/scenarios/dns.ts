// The seventh traffic type: DNS. Each scenario is a query (or the proxy's own upstream query) in a pod whose DNS
// capture is configured as its setup says; model/profiles' dnsWorld builds that pod for a profile. They are kept
// apart from SCENARIOS because they need that pod: the profiles are the default install, with DNS capture off.
import { type Family, parseAddr } from '../net/index.ts';
import { type Connection, KUBE_DNS, type World } from '../pod/index.ts';
import { type Scenario, worldFamily } from './scenarios.ts';

/** The DNS configuration a scenario's pod needs (the same shape as model/profiles' DnsSetup). */
export interface DnsScenarioSetup {
  readonly captureAllDns: boolean;
  readonly server: 'kube-dns' | 'stub';
}

export interface DnsScenario extends Scenario {
  readonly setup: DnsScenarioSetup;
}

/** A DNS server outside the pod that resolv.conf does not name (a public resolver a client names itself). */
export const UNLISTED_DNS = '10.251.0.99';

const app = (w: World) => ({ kind: 'pod', actor: 'app', uid: w.pod.app.uid, gid: w.pod.app.gid }) as const;
const agent = (w: World) =>
  ({ kind: 'pod', actor: 'pilot-agent', uid: w.pod.agent.uid, gid: w.pod.agent.gid }) as const;

function query(from: Connection['from'], protocol: 'udp' | 'tcp', addr: string): Connection {
  return { from, protocol, dst: { addr: parseAddr(addr), port: 53 } };
}

const kubeDnsVip = (f: Family) => KUBE_DNS[f].vip.addr;
const SERVERS = { captureAllDns: false, server: 'kube-dns' } as const;

export const DNS_SCENARIOS: readonly DnsScenario[] = [
  {
    id: 'dns-query',
    title: 'Application DNS query over UDP',
    articleType: null,
    description:
      "The application asks its resolv.conf server (the kube-dns Service) over UDP; the query is redirected to pilot-agent's DNS proxy on 15053, which asks kube-dns itself and answers.",
    setup: SERVERS,
    connection: (w, f = worldFamily(w)) => ({ from: app(w), protocol: 'udp', dst: { addr: kubeDnsVip(f), port: 53 } }),
  },
  {
    id: 'dns-query-tcp',
    title: 'Application DNS query over TCP',
    articleType: null,
    description: 'The same query over TCP (a truncated answer retried, or a client that prefers TCP).',
    setup: SERVERS,
    connection: (w, f = worldFamily(w)) => ({ from: app(w), protocol: 'tcp', dst: { addr: kubeDnsVip(f), port: 53 } }),
  },
  {
    id: 'dns-proxy-upstream',
    title: "pilot-agent's upstream DNS query",
    articleType: null,
    description:
      'pilot-agent (the proxy uid) forwards a query it cannot answer to the kube-dns Service: it must leave the pod uncaptured, in conntrack zone 1 where the release has DNS zones.',
    setup: SERVERS,
    connection: (w, f = worldFamily(w)) => ({
      from: agent(w),
      protocol: 'udp',
      dst: { addr: kubeDnsVip(f), port: 53 },
    }),
  },
  {
    id: 'dns-unlisted-server',
    title: 'DNS query to a server resolv.conf does not name',
    articleType: null,
    description:
      'The application asks another server over UDP; without --capture-all-dns istio-iptables redirects only the resolv.conf servers, so the query leaves the pod uncaptured.',
    setup: SERVERS,
    connection: (w) => query(app(w), 'udp', UNLISTED_DNS),
  },
  {
    id: 'dns-capture-all',
    title: 'DNS query to any server with --capture-all-dns',
    articleType: null,
    description:
      "With --capture-all-dns every port-53 query is redirected to pilot-agent, whatever its server: the same query to the unlisted server is answered by pilot-agent in that server's name.",
    setup: { captureAllDns: true, server: 'kube-dns' },
    connection: (w) => query(app(w), 'udp', UNLISTED_DNS),
  },
  {
    id: 'dns-stub-resolver',
    title: 'DNS query through a stub resolver in the pod',
    articleType: null,
    description:
      "resolv.conf names a stub resolver on 127.0.0.53 (systemd-resolved): the application's query is redirected to pilot-agent, which asks the stub; the stub forwards to kube-dns.",
    setup: { captureAllDns: false, server: 'stub' },
    connection: (w) => query(app(w), 'udp', '127.0.0.53'),
  },
];

export function findDnsScenario(id: string): DnsScenario | undefined {
  return DNS_SCENARIOS.find((s) => s.id === id);
}
