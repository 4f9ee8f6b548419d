// A generated rule set before rendering: the commands istio-iptables issues for each family, in its order. For the
// builder era (1.5+) these are the builder's rule lists (the -N lines are derived when rendering, as the builder
// does); for 1.4, every command as it ran, chain creations included.
import type { TableName } from '../../rules/index.ts';
import type { IstioVersion } from '../version.ts';
import type { PlannedRule } from './builder.ts';
import type { Features } from './features.ts';

export type Command =
  | { readonly kind: 'rule'; readonly rule: PlannedRule }
  | { readonly kind: 'new-chain'; readonly table: TableName; readonly chain: string }
  /** `ip6tables -F INPUT` in 1.4: flushes a chain that holds nothing in a new pod's namespace. */
  | { readonly kind: 'flush'; readonly table: TableName; readonly chain: string };

export interface Plan {
  readonly version: IstioVersion;
  readonly features: Features;
  readonly v4: readonly Command[];
  readonly v6: readonly Command[];
  /** ENABLE_INBOUND_IPV6: whether ip6tables-restore (and the final ip6tables-save) run. */
  readonly ipv6: boolean;
}

export const rulesOf = (commands: readonly Command[]): PlannedRule[] =>
  commands.flatMap((c) => (c.kind === 'rule' ? [c.rule] : []));
