// The six traffic types of the article, plus the variants a reader needs, as named scenarios with stable ids.

import { type Addr, type Family, loopbackOf } from '../net/index.ts';
import { type Connection, outsideActor, type World } from '../pod/index.ts';

export interface Scenario {
  /** Stable id: used by the CLI, the docs placeholders and the tests. */
  readonly id: string;
  readonly title: string;
  /** The article's traffic type (1..6), or null for a variant. */
  readonly articleType: number | null;
  readonly description: string;
  /** The connection in this world; the family defaults to the world's (IPv4 when it has IPv4 rules). */
  readonly connection: (world: World, family?: Family) => Connection;
}

/** A world whose rules are IPv6 only is studied in IPv6. */
export function worldFamily(w: World): Family {
  return w.pod.rulesets.ipv4 === undefined && w.pod.rulesets.ipv6 !== undefined ? 'ipv6' : 'ipv4';
}

const podIp = (w: World, f: Family): Addr => {
  const a = w.pod.addresses.find((x) => x.family === f);
  if (!a) throw new Error(`the pod has no ${f} address`);
  return a;
};
const loopback = loopbackOf;
const remotePod = (w: World, f: Family) => outsideActor(w, 'remote', f).addr;
const app = (w: World) => ({ kind: 'pod', actor: 'app', uid: w.pod.app.uid, gid: w.pod.app.gid }) as const;
const agent = (w: World) =>
  ({ kind: 'pod', actor: 'pilot-agent', uid: w.pod.agent.uid, gid: w.pod.agent.gid }) as const;
const appPort = (w: World): number => w.pod.app.ports[0] ?? 8080;
const serviceVip = (w: World, name: string, f: Family) => {
  const s = w.services.find((x) => x.name === name && x.vip.addr.family === f);
  if (!s) throw new Error(`the world has no ${f} Service ${name}`);
  return s.vip;
};

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'remote-to-local',
    title: 'Remote pod to local pod',
    articleType: 1,
    description: 'A client in another pod connects to the application port on this pod IP.',
    connection: (w, f = worldFamily(w)) => ({
      from: { kind: 'outside', actor: 'remote' },
      protocol: 'tcp',
      dst: { addr: podIp(w, f), port: appPort(w) },
    }),
  },
  {
    id: 'local-to-remote',
    title: 'Local pod to remote pod',
    articleType: 2,
    description: 'The application connects to a port of another pod.',
    connection: (w, f = worldFamily(w)) => ({
      from: app(w),
      protocol: 'tcp',
      dst: { addr: remotePod(w, f), port: 8080 },
    }),
  },
  {
    id: 'prometheus-to-local',
    title: "Prometheus scrapes Envoy's metrics port",
    articleType: 3,
    description: "Prometheus connects to Envoy's Prometheus port 15090 on the pod IP.",
    connection: (w, f = worldFamily(w)) => ({
      from: { kind: 'outside', actor: 'prometheus' },
      protocol: 'tcp',
      dst: { addr: podIp(w, f), port: 15090 },
    }),
  },
  {
    id: 'local-to-local',
    title: 'Local pod to a Service served by the same pod',
    articleType: 4,
    description: "The application calls a Service whose only endpoint is its own pod, through the Service's VIP.",
    connection: (w, f = worldFamily(w)) => ({ from: app(w), protocol: 'tcp', dst: serviceVip(w, 'self', f) }),
  },
  {
    id: 'envoy-inter-process',
    title: 'Traffic between the sidecar processes over localhost',
    articleType: 5,
    description: "pilot-agent (uid 1337) asks Envoy's admin port on 127.0.0.1:15000 whether Envoy is ready.",
    connection: (w, f = worldFamily(w)) => ({
      from: agent(w),
      protocol: 'tcp',
      dst: { addr: loopback(f), port: 15000 },
    }),
  },
  {
    id: 'sidecar-to-istiod',
    title: 'Sidecar to istiod',
    articleType: 6,
    description: "pilot-agent (uid 1337) connects to istiod's Service on 15012 for xDS and certificates.",
    connection: (w, f = worldFamily(w)) => ({ from: agent(w), protocol: 'tcp', dst: serviceVip(w, 'istiod', f) }),
  },
  {
    id: 'app-to-own-pod-ip',
    title: 'Application to its own pod IP',
    articleType: null,
    description: 'The application connects to its own pod IP directly (not through a Service).',
    connection: (w, f = worldFamily(w)) => ({
      from: app(w),
      protocol: 'tcp',
      dst: { addr: podIp(w, f), port: appPort(w) },
    }),
  },
  {
    id: 'app-to-localhost',
    title: 'Application to 127.0.0.1',
    articleType: null,
    description: 'The application connects to its own port on 127.0.0.1.',
    connection: (w, f = worldFamily(w)) => ({
      from: app(w),
      protocol: 'tcp',
      dst: { addr: loopback(f), port: appPort(w) },
    }),
  },
  {
    id: 'agent-non-proxy-uid',
    title: 'pilot-agent running under a non-proxy uid, to istiod',
    articleType: null,
    description:
      "pilot-agent runs as uid/gid 1000 (not the proxy's), so its istiod connection is captured like an app's.",
    connection: (w, f = worldFamily(w)) => ({
      from: { kind: 'pod', actor: 'pilot-agent', uid: 1000, gid: 1000 },
      protocol: 'tcp',
      dst: serviceVip(w, 'istiod', f),
    }),
  },
  {
    id: 'kubelet-probe',
    title: 'kubelet readiness probe of the sidecar',
    articleType: null,
    description:
      "The kubelet probes Envoy's health port 15021 (/healthz/ready), which asks pilot-agent, which asks Envoy's admin port.",
    connection: (w, f = worldFamily(w)) => ({
      from: { kind: 'outside', actor: 'kubelet' },
      protocol: 'tcp',
      dst: { addr: podIp(w, f), port: 15021 },
    }),
  },
  {
    id: 'kubelet-app-probe',
    title: 'kubelet probe of the application, rewritten to pilot-agent',
    articleType: null,
    description:
      'The injector rewrites app probes to pilot-agent on 15020 (/app-health/...), which probes the application.',
    connection: (w, f = worldFamily(w)) => ({
      from: { kind: 'outside', actor: 'kubelet' },
      protocol: 'tcp',
      dst: { addr: podIp(w, f), port: 15020 },
      request: 'app-health',
    }),
  },
  {
    id: 'prometheus-scrape-15020',
    title: "Prometheus scrapes pilot-agent's merged metrics on 15020",
    articleType: null,
    description:
      "Prometheus scrapes 15020 (/stats/prometheus); pilot-agent merges in Envoy's metrics from localhost:15090.",
    connection: (w, f = worldFamily(w)) => ({
      from: { kind: 'outside', actor: 'prometheus' },
      protocol: 'tcp',
      dst: { addr: podIp(w, f), port: 15020 },
      request: 'metrics',
    }),
  },
  {
    id: 'prometheus-scrape-15021',
    title: "A scrape of Envoy's health port 15021",
    articleType: null,
    description: "Something outside the pod connects to Envoy's health port 15021, which asks pilot-agent.",
    connection: (w, f = worldFamily(w)) => ({
      from: { kind: 'outside', actor: 'prometheus' },
      protocol: 'tcp',
      dst: { addr: podIp(w, f), port: 15021 },
    }),
  },
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
