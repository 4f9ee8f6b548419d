// A connection someone opens: the input of simulate().
import type { Endpoint } from '../trace/index.ts';
import type { OutsideActor } from './world.ts';

export type PodActorId = 'app' | 'envoy' | 'pilot-agent' | 'process';

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
  | { readonly kind: 'outside'; readonly actor: OutsideActor['id']; readonly addr?: string };

/** What the request asks the pilot-agent status port for; it decides whom the agent calls next. */
export type StatusRequest = 'metrics' | 'app-health' | 'ready';

export interface Connection {
  readonly from: Initiator;
  readonly protocol: 'tcp' | 'udp';
  readonly dst: Endpoint;
  /** An address the socket binds before connecting (e.g. 127.0.0.6); otherwise the kernel picks one. */
  readonly src?: string;
  readonly sport?: number;
  readonly request?: StatusRequest;
}
