// Words for both sides of a comparison, shared by compare.ts (differences), the console and the docs generator's
// kernel oracle pages.
import type { EndpointJson } from '../model/trace/index.ts';
import type { ExpectedLanding } from './replay-trace-landing.ts';
import type { ObservedOutcome } from './types.ts';

export interface RuleRef {
  readonly table: string;
  readonly chain: string;
  /** Position in the chain as loaded; informative only, rules are matched by text. */
  readonly index: number;
  readonly rule: string;
}

/** `10.250.0.2:15006`, `[fd00:250::2]:15006`: both sides of a comparison are written this way. */
export const hostPort = (addr: string, port: number | undefined): string =>
  `${addr.includes(':') ? `[${addr}]` : addr}:${port}`;

export const endpointText = (e: EndpointJson): string => hostPort(e.addr, e.port);

/** `ISTIO_OUTPUT#9` for nat rules, `filter OUTPUT#1` for the other tables. */
export function ruleLabel(r: Pick<RuleRef, 'table' | 'chain' | 'index'>): string {
  return `${r.table === 'nat' ? '' : `${r.table} `}${r.chain}#${r.index}`;
}

/** Short labels in the given order, e.g. `OUTPUT#1 ISTIO_OUTPUT#9 ISTIO_REDIRECT#1`, or `(none)`. */
export function ruleLabels(rules: readonly RuleRef[]): string {
  return rules.length === 0 ? '(none)' : rules.map(ruleLabel).join(' ');
}

/** Labels with the full rule text, for a difference that must show both sides in full. */
export function rulesInFull(rules: readonly RuleRef[]): string {
  return rules.length === 0 ? '(none)' : rules.map((r) => `${ruleLabel(r)} \`${r.rule}\``).join(', ');
}

export function expectedText(e: ExpectedLanding): string {
  switch (e.kind) {
    case 'accepted':
      return `accepted by ${e.listener} on ${endpointText(e.local)}${e.origDst ? `, original destination ${endpointText(e.origDst)}` : ' (remote namespace, no original destination)'}`;
    case 'refused':
      return 'refused';
    case 'unanswered':
      return 'left the pod, nobody answers';
    case 'error':
      return `connect() fails with ${e.code}`;
    default: {
      const never: never = e;
      throw new Error(`unknown expectation ${JSON.stringify(never)}`);
    }
  }
}

export function outcomeText(o: ObservedOutcome): string {
  switch (o.kind) {
    case 'accepted': {
      const orig =
        o.origDst !== undefined
          ? `, original destination ${hostPort(o.origDst, o.origDport)}`
          : o.untracked
            ? ', untracked by conntrack (not redirected)'
            : '';
      return `accepted by ${o.listener} on ${hostPort(o.localAddr, o.localPort)}${orig}`;
    }
    case 'refused':
      return 'refused';
    case 'timeout':
      return 'no answer (timeout)';
    case 'error':
      return `error ${o.message}`;
    default: {
      const never: never = o;
      throw new Error(`unknown outcome ${JSON.stringify(never)}`);
    }
  }
}

/** The errno code an oracle error message starts with (`EINVAL: connect EINVAL ...`). */
export function errorCode(message: string): string {
  return message.split(':')[0] ?? message;
}
