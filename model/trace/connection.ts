// A connection someone opens: the input of the pod's simulate(), and what each hop of a trace records about the
// socket that made it. It lives with the trace (not the pod) so that a trace alone says how to open every hop again.
import type { Addr } from '../net/index.ts';
import type { Endpoint } from './endpoint.ts';

/** Processes inside the pod that open connections: the application, the two proxy processes, any other process. */
export type PodActorId = 'app' | 'envoy' | 'pilot-agent' | 'stub-resolver' | 'process';
/** Hosts outside the pod that connect to it. */
export type OutsideActorId = 'remote' | 'prometheus' | 'kubelet' | 'istiod' | 'kube-dns';
export type ActorId = PodActorId | OutsideActorId;

export type Initiator =
  /** A process inside the pod; its uid/gid are what the owner match sees. */
  | {
      readonly kind: 'pod';
      readonly actor: PodActorId;
      readonly uid: number;
      readonly gid: number;
      /** Supplementary groups of the process (what `--gid-owner G --suppl-groups` also looks at); none by default. */
      readonly groups?: readonly number[];
    }
  /** Someone outside the pod; the connection arrives on the pod's interface. addr defaults to the actor's address. */
  | { readonly kind: 'outside'; readonly actor: OutsideActorId; readonly addr?: Addr };

/** What the request asks the pilot-agent status port for; it decides whom the agent calls next. */
export type StatusRequest = 'metrics' | 'app-health' | 'ready';

/** The connection as a key: equal keys are the same connection (addresses by their words, no formatting). */
export function connectionKey(c: Connection): string {
  const f = c.from;
  const who =
    f.kind === 'pod'
      ? `${f.actor}:${f.uid}/${f.gid}/${f.groups?.join(',') ?? ''}`
      : `${f.actor}@${f.addr?.words.join('.') ?? ''}`;
  return `${who}|${c.protocol}|${c.dst.addr.words.join('.')}:${c.dst.port}|${c.src?.words.join('.') ?? ''}|${c.sport ?? ''}|${c.request ?? ''}`;
}

export interface Connection {
  readonly from: Initiator;
  readonly protocol: 'tcp' | 'udp';
  readonly dst: Endpoint;
  /** An address the socket binds before connecting (e.g. 127.0.0.6); otherwise the kernel picks one. */
  readonly src?: Addr;
  readonly sport?: number;
  readonly request?: StatusRequest;
}
