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
}

export interface Invariant {
  /** Stable id, used by the CLI (--invariant), the docs and the tests. */
  readonly id: string;
  /** One sentence. */
  readonly statement: string;
  /** Which connections it quantifies over, in words. */
  readonly scope: string;
  /** Null when it applies; otherwise why it does not apply to these rules. */
  readonly notApplicable: (ctx: InvariantContext) => string | null;
  readonly inScope: (c: Connection, ctx: InvariantContext) => boolean;
  readonly check: (trace: Trace, c: Connection, ctx: InvariantContext) => CheckResult;
}
