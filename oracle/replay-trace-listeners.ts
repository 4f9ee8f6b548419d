// The oracle's listeners for a model world: every TCP listener the model puts in the pod (model/pod/listeners.ts), so
// 15021 and 15008 exist exactly for the profiles that have them, owned by the actor the model names, plus the remote
// namespace's stand-ins (oracle/topology.ts), which the model does not describe. The names are the harness's.

import type { Family } from '../model/net/index.ts';
import { type Listener, type ListenerRole, podListeners, type World } from '../model/pod/index.ts';
import { addrText } from '../model/trace/index.ts';
import { DEFAULT_LISTENERS } from './topology.ts';
import type { ListenerSpec } from './types.ts';

/** The harness's listener names (DEFAULT_LISTENERS), and names for the roles the defaults do not have. */
const NAME_BY_ROLE: Readonly<Record<ListenerRole, string>> = {
  'outbound-capture': 'envoy-outbound',
  'inbound-capture': 'envoy-inbound',
  prometheus: 'envoy-prom',
  health: 'envoy-health',
  admin: 'envoy-admin',
  status: 'agent',
  tunnel: 'envoy-tunnel',
  dns: 'agent-dns',
  'dns-stub': 'stub-dns',
  app: 'app',
};

export interface OracleListeners {
  readonly specs: readonly ListenerSpec[];
  /** Model listener name (e.g. "envoy outbound") to harness listener name (e.g. "envoy-outbound"). */
  readonly nameOf: ReadonlyMap<string, string>;
  /** Equal keys mean one oracle session can serve both worlds (only the rules differ: reload them). */
  readonly key: string;
}

function harnessName(l: Listener, appIndex: number): string {
  // The harness calls the (first) application listener "app"; further application ports get their port in the name.
  return l.role === 'app' && appIndex > 0 ? `app-${l.port}` : NAME_BY_ROLE[l.role];
}

/**
 * The address the harness binds: a stub resolver's own loopback address (127.0.0.53), else the family's wildcard or
 * loopback address. The listener actor makes an IPv6 socket IPv6-only, so an IPv6 session listens on IPv6 alone.
 */
function bindText(bind: Listener['bind'], family: Family): string {
  if (bind === 'any') return family === 'ipv4' ? '0.0.0.0' : '::';
  if (bind === 'loopback') return family === 'ipv4' ? '127.0.0.1' : '::1';
  return addrText(bind);
}

/** The remote's stand-ins (DEFAULT_LISTENERS) on the family's wildcard address. */
function remoteListeners(family: Family): ListenerSpec[] {
  const remote = DEFAULT_LISTENERS.filter((l) => l.where === 'remote');
  return family === 'ipv4' ? remote : remote.map((l) => (l.addr === '0.0.0.0' ? { ...l, addr: '::' } : l));
}

export function oracleListeners(world: World, family: Family = 'ipv4'): OracleListeners {
  const { pod } = world;
  const owner = {
    envoy: pod.proxy,
    'pilot-agent': pod.agent,
    app: pod.app,
    'stub-resolver': pod.stubResolver,
  } as const;
  const specs: ListenerSpec[] = [];
  const nameOf = new Map<string, string>();
  let apps = 0;
  for (const l of podListeners(pod)) {
    // The harness replays TCP only; pilot-agent's UDP DNS socket has no TCP counterpart to observe.
    if (l.protocol !== 'tcp') continue;
    const name = harnessName(l, l.role === 'app' ? apps++ : 0);
    const { uid, gid } = owner[l.actor];
    // A listener bound to one address of the other family (a stub resolver's) does not exist in this session.
    if (typeof l.bind === 'object' && l.bind.family !== family) continue;
    specs.push({ name, where: 'pod', uid, gid, addr: bindText(l.bind, family), port: l.port });
    nameOf.set(l.name, name);
  }
  specs.push(...remoteListeners(family));
  const key = specs
    .map((s) => `${s.name}@${s.where}:${s.addr}:${s.port}/${s.uid}:${s.gid}`)
    .sort()
    .join(' ');
  return { specs, nameOf, key };
}
