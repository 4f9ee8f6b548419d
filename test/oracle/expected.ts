// The kernel's measured observations (oracle/OBSERVATIONS.md), hard-coded: hop, expected nat hits in the ORIGINAL ruleset's numbering
// (`CHAIN#n`), the accepting listener with its local address, and SO_ORIGINAL_DST. "ERR:No such file or directory"
// in the measurements (accepted in the remote namespace, no conntrack there) is `orig: undefined` here.
import { DEFAULT_LISTENERS, type OracleActor, type OracleHop } from '../../oracle/index.ts';

const REMOTE: OracleActor = { where: 'remote' };
const ENVOY: OracleActor = { where: 'pod', uid: 1337, gid: 1337 };
const APP: OracleActor = { where: 'pod', uid: 1000, gid: 1000 };
const ROOT: OracleActor = { where: 'pod', uid: 0, gid: 0 };
const U1000_G1337: OracleActor = { where: 'pod', uid: 1000, gid: 1337 };
const U1337_G1000: OracleActor = { where: 'pod', uid: 1337, gid: 1000 };

export type DocOutcome =
  | { readonly kind: 'accepted'; readonly listener: string; readonly local: string; readonly orig?: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'error'; readonly code: string };

export interface DocHop {
  readonly hop: OracleHop;
  /** The source address in the doc's "src -> dst" column; unknown ('?') for a refused connection. */
  readonly srcAddr: string | undefined;
  readonly hits: readonly string[];
  readonly outcome: DocOutcome;
}

const accepted = (listener: string, local: string, orig?: string): DocOutcome =>
  orig === undefined ? { kind: 'accepted', listener, local } : { kind: 'accepted', listener, local, orig };

function hop(id: string, actor: OracleActor, dst: string, src?: string): OracleHop {
  const [addr, port] = dst.split(':') as [string, string];
  return src === undefined
    ? { id, actor, dst: addr, dport: Number(port) }
    : { id, actor, src, dst: addr, dport: Number(port) };
}

/** The probe's listener set: the defaults without envoy-health (15021) and agent (15020), hence X6 is refused. */
export const DOC_LISTENERS = DEFAULT_LISTENERS.filter((l) => l.name !== 'envoy-health' && l.name !== 'agent');

const OUT_REDIRECT = ['OUTPUT#1', 'ISTIO_OUTPUT#9', 'ISTIO_REDIRECT#1'];

/** "Single hops" table, full Istio 1.10 ruleset. */
export const SINGLE_HOPS: readonly DocHop[] = [
  {
    hop: hop('T1a', REMOTE, '10.250.0.2:8080'),
    srcAddr: '10.250.0.3',
    hits: ['PREROUTING#1', 'ISTIO_INBOUND#6', 'ISTIO_IN_REDIRECT#1'],
    outcome: accepted('envoy-inbound', '10.250.0.2:15006', '10.250.0.2:8080'),
  },
  {
    hop: hop('T1b', ENVOY, '10.250.0.2:8080', '127.0.0.6'),
    srcAddr: '127.0.0.6',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#1'],
    outcome: accepted('app', '10.250.0.2:8080', '10.250.0.2:8080'),
  },
  {
    hop: hop('T2a', APP, '10.250.0.3:8080'),
    srcAddr: '10.250.0.2',
    hits: OUT_REDIRECT,
    outcome: accepted('envoy-outbound', '127.0.0.1:15001', '10.250.0.3:8080'),
  },
  {
    hop: hop('T2b', ENVOY, '10.250.0.3:8080'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#4'],
    outcome: accepted('remote-8080', '10.250.0.3:8080'),
  },
  {
    hop: hop('T3', REMOTE, '10.250.0.2:15090'),
    srcAddr: '10.250.0.3',
    hits: ['PREROUTING#1', 'ISTIO_INBOUND#3'],
    outcome: accepted('envoy-prom', '10.250.0.2:15090', '10.250.0.2:15090'),
  },
  {
    hop: hop('T4a', APP, '10.251.0.10:8080'),
    srcAddr: '10.250.0.2',
    hits: OUT_REDIRECT,
    outcome: accepted('envoy-outbound', '127.0.0.1:15001', '10.251.0.10:8080'),
  },
  {
    hop: hop('T4b', ENVOY, '10.250.0.2:8080'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_IN_REDIRECT#1', 'ISTIO_OUTPUT#2'],
    outcome: accepted('envoy-inbound', '127.0.0.1:15006', '10.250.0.2:8080'),
  },
  {
    hop: hop('T4c', ENVOY, '10.250.0.2:8080', '127.0.0.6'),
    srcAddr: '127.0.0.6',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#1'],
    outcome: accepted('app', '10.250.0.2:8080', '10.250.0.2:8080'),
  },
  {
    hop: hop('T5a', ENVOY, '127.0.0.1:15000'),
    srcAddr: '127.0.0.1',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#4'],
    outcome: accepted('envoy-admin', '127.0.0.1:15000', '127.0.0.1:15000'),
  },
  ...(
    [
      ['T5b', APP],
      ['T5c', ROOT],
      ['T5d', U1000_G1337],
    ] as const
  ).map(
    ([id, actor]): DocHop => ({
      hop: hop(id, actor, '127.0.0.1:15000'),
      srcAddr: '127.0.0.1',
      hits: ['OUTPUT#1', 'ISTIO_OUTPUT#3'],
      outcome: accepted('envoy-admin', '127.0.0.1:15000', '127.0.0.1:15000'),
    }),
  ),
  {
    hop: hop('T5e', APP, '127.0.0.1:8080'),
    srcAddr: '127.0.0.1',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#3'],
    outcome: accepted('app', '127.0.0.1:8080', '127.0.0.1:8080'),
  },
  {
    hop: hop('T6a', ENVOY, '10.251.0.20:15012'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#4'],
    outcome: accepted('istiod-15012', '10.251.0.20:15012'),
  },
  {
    hop: hop('T6b', APP, '10.251.0.20:15012'),
    srcAddr: '10.250.0.2',
    hits: OUT_REDIRECT,
    outcome: accepted('envoy-outbound', '127.0.0.1:15001', '10.251.0.20:15012'),
  },
  {
    hop: hop('T6c', ENVOY, '10.251.0.20:15012'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#4'],
    outcome: accepted('istiod-15012', '10.251.0.20:15012'),
  },
  {
    hop: hop('X1', APP, '10.250.0.2:8080'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#3'],
    outcome: accepted('app', '10.250.0.2:8080', '10.250.0.2:8080'),
  },
  {
    hop: hop('X2', U1000_G1337, '10.250.0.3:8080'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#7'],
    outcome: accepted('remote-8080', '10.250.0.3:8080'),
  },
  {
    hop: hop('X3', U1000_G1337, '10.250.0.2:8080'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#3'],
    outcome: accepted('app', '10.250.0.2:8080', '10.250.0.2:8080'),
  },
  {
    hop: hop('X4', U1337_G1000, '10.250.0.3:8080'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#4'],
    outcome: accepted('remote-8080', '10.250.0.3:8080'),
  },
  {
    // Loopback source on a route via eth0: connect() fails at once with route_localnet=0 (oracle/OBSERVATIONS.md,
    // "Binding 127.0.0.6"); no packet.
    hop: hop('X5', ENVOY, '10.250.0.3:8080', '127.0.0.6'),
    srcAddr: '127.0.0.6',
    hits: [],
    outcome: { kind: 'error', code: 'EINVAL' },
  },
  {
    hop: hop('X6', REMOTE, '10.250.0.2:15021'),
    srcAddr: undefined,
    hits: ['PREROUTING#1', 'ISTIO_INBOUND#4'],
    outcome: { kind: 'refused' },
  },
];

/** "Hops with rule 4 deleted". */
export const RULE4_DELETED_HOPS: readonly DocHop[] = [
  {
    hop: hop('M1', ENVOY, '10.250.0.3:8080'),
    srcAddr: '10.250.0.2',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#7'],
    outcome: accepted('remote-8080', '10.250.0.3:8080'),
  },
  {
    hop: hop('M2', U1337_G1000, '10.250.0.3:8080'),
    srcAddr: '10.250.0.2',
    hits: OUT_REDIRECT,
    outcome: accepted('envoy-outbound', '127.0.0.1:15001', '10.250.0.3:8080'),
  },
  {
    hop: hop('M5', ENVOY, '127.0.0.1:15000'),
    srcAddr: '127.0.0.1',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#7'],
    outcome: accepted('envoy-admin', '127.0.0.1:15000', '127.0.0.1:15000'),
  },
];

/** "Hops with rules 4 and 7 deleted" (M4, the loop, needs the forwarding stand-in and is tested on its own). */
export const RULES47_DELETED_HOPS: readonly DocHop[] = [
  {
    hop: hop('M3', ENVOY, '10.250.0.3:8080'),
    srcAddr: '10.250.0.2',
    hits: OUT_REDIRECT,
    outcome: accepted('envoy-outbound', '127.0.0.1:15001', '10.250.0.3:8080'),
  },
  {
    hop: hop('M6', ENVOY, '127.0.0.1:15000'),
    srcAddr: '127.0.0.1',
    hits: ['OUTPUT#1', 'ISTIO_OUTPUT#8'],
    outcome: accepted('envoy-admin', '127.0.0.1:15000', '127.0.0.1:15000'),
  },
];

export const M4 = { hop: hop('M4', ENVOY, '10.250.0.3:8080'), depth: 4 } as const;

/** End-to-end flows with the forwarding stand-in (full ruleset): the client's hop, then Envoy's re-dial. */
export const FLOWS = [
  { hop: hop('C2', APP, '10.250.0.3:8080'), first: 'T2a', redial: 'T2b' },
  { hop: hop('C6', APP, '10.251.0.20:15012'), first: 'T6b', redial: 'T6c' },
] as const;
export const C6B: DocHop = {
  hop: hop('C6b', ENVOY, '10.251.0.20:15012'),
  srcAddr: '10.250.0.2',
  hits: ['OUTPUT#1', 'ISTIO_OUTPUT#4'],
  outcome: accepted('istiod-15012', '10.251.0.20:15012'),
};
