import type { Family } from '../net/index.ts';
import type { Connection, World } from '../pod/index.ts';
import type { Trace } from '../trace/index.ts';
import type { Intent } from './intent.ts';

export type InvariantStatus = 'holds' | 'violated' | 'undetermined' | 'not-applicable';

export type CheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly why: string }
  | { readonly ok: 'undetermined'; readonly why: string };

export interface InvariantContext {
  readonly world: World;
  readonly intent: Intent;
  readonly family: Family;
  /**
   * The pod's other family, when the world has its rules too (a dual-stack pod): its intent, for the parity of the
   * two families (parity.ts). Absent when only one family's rules are checked.
   */
  readonly twin?: TwinFamily;
}

export interface TwinFamily {
  readonly family: Family;
  readonly intent: Intent;
}

/** The stable ids of the invariants, used by the CLI (--invariant), the docs, the tests and the profiles' facts. */
export type InvariantId =
  | 'proxy-no-loop'
  | 'terminates'
  | 'metrics-bypass'
  | 'local-to-local'
  | 'istiod-exit'
  | 'inbound-once'
  | 'outbound-once'
  | 'tunnel-bypass'
  | 'inbound-exclusions'
  | 'loopback-bypass'
  | 'app-self-bypass'
  | 'proxy-egress-direct'
  | 'outbound-exclusions'
  | 'outbound-inclusions'
  | 'inbound-ports'
  | 'dns-captured'
  | 'dns-proxy-no-loop'
  | 'dns-zone-consistency'
  | 'dns-exclusions'
  | 'excluded-interfaces'
  | 'virtual-interfaces'
  | 'proxy-self-inbound'
  | 'tproxy-gid-self-inbound'
  | 'uid-self-bypass'
  | 'owner-groups'
  | 'loopback-cidr'
  | 'dual-stack-parity'
  | 'capture-off'
  | 'drop-invalid';

export interface Invariant extends InvariantSpec {
  readonly id: InvariantId;
}

/** An invariant's definition; the catalog (catalog.ts) keys them by id. */
export interface InvariantSpec {
  /** One sentence. */
  readonly statement: string;
  /** Which connections it quantifies over, in words. */
  readonly scope: string;
  /** Null when it applies; otherwise why it does not apply to these rules. */
  readonly notApplicable: (ctx: InvariantContext) => string | null;
  /**
   * Whether its scope covers the connections on the links of the interfaces -c and -k name (model/pod/links.ts).
   * Default no: the other invariants' "from outside the pod" means arriving on the pod's own interface.
   */
  readonly extraLinks?: boolean;
  readonly inScope: (c: Connection, ctx: InvariantContext) => boolean;
  readonly check: (trace: Trace, c: Connection, ctx: InvariantContext) => CheckResult;
  /**
   * Set when check reads nothing but what every connection of a packet class shares with the class's representative
   * (model/classes/fate.ts): the disposition, and each hop's parent, relation and landing (a listener's role follows
   * from the listener). A connection whose representative holds it need not be simulated.
   */
  readonly byFate?: true;
}

/** What the verdicts are quantified over. */
export type CheckBasis =
  | { readonly kind: 'proved'; readonly classes: number; readonly fields: readonly string[] }
  | { readonly kind: 'sampled'; readonly why: string; readonly classes: number }
  | { readonly kind: 'domain'; readonly why: string };
