// Where a hop ends, read off the kernel path's verdict: a listening socket of the pod, outside the pod, refused,
// dropped or undetermined; and the words for it.

import type { PathResult } from '../kernel/index.ts';
import type { Addr } from '../net/index.ts';
import {
  addrText,
  type Endpoint,
  endpointText,
  type Hop,
  type HopActor,
  type Landing,
  type SourceEndpoint,
} from '../trace/index.ts';
import type { Connection } from './connection.ts';
import { findListener, type Listener } from './listeners.ts';
import { findOutside, findService, type World } from './world.ts';

export function endpoint(addr: Addr, port: number): Endpoint {
  return { addr, port };
}

function outsideName(world: World, dst: Endpoint): string {
  const service = findService(world, dst);
  if (service) return `Service ${service.name} (${endpointText(dst)})`;
  const host = findOutside(world, dst.addr);
  return host ? host.label : `outside the pod (${addrText(dst.addr)})`;
}

export function land(
  world: World,
  path: PathResult,
  c: Connection,
  original: Endpoint,
  listeners: readonly Listener[],
): Landing {
  switch (path.verdict) {
    case 'dropped':
      return { kind: 'dropped', reason: path.reason ?? 'dropped' };
    case 'undetermined':
      return { kind: 'undetermined', reason: path.reason ?? 'undetermined', at: path.undeterminedAt ?? null };
    case 'sent': {
      const dst = endpoint(path.packet.dst, path.packet.dport);
      return { kind: 'left-pod', iface: path.packet.outIface ?? '?', to: outsideName(world, dst), dst };
    }
    case 'local': {
      const tproxy = path.effects.length === 0 ? undefined : path.effects.find((e) => e.kind === 'tproxy');
      const local = tproxy ? original : endpoint(path.packet.dst, path.packet.dport);
      const listener = tproxy
        ? listeners.find((l) => l.port === tproxy.port && l.protocol === c.protocol)
        : findListener(listeners, c.protocol, path.packet.dst, path.packet.dport);
      if (!listener) {
        return {
          kind: 'refused',
          dst: local,
          reason: `nothing in the pod listens on ${endpointText(local)}/${c.protocol}`,
        };
      }
      return {
        kind: 'listener',
        actor: listener.actor,
        listener: listener.name,
        role: listener.role,
        listenerPort: listener.port,
        local,
        originalDst: original,
      };
    }
  }
}

/** A hop with no netfilter path (yet): the packet is as the socket made it and no rule has seen it. */
export function bareHop(
  n: number,
  parent: number,
  relation: Hop['relation'],
  cause: string,
  actor: HopActor,
  c: Connection,
  family: 'ipv4' | 'ipv6',
  src: SourceEndpoint,
  dst: Endpoint,
  landed: Landing,
): Hop {
  return {
    n,
    parent,
    relation,
    cause,
    actor,
    protocol: c.protocol,
    family,
    src,
    dst,
    srcAfterNat: src,
    dstAfterNat: dst,
    hits: [],
    hooks: [],
    landed,
    connection: c,
  };
}
