// Lines one kernel observation up against one model hop. Rules: the model's hits of kind 'rule' against the rules
// whose counters rose, matched by table, chain and rule TEXT (so deleting a rule does not shift the comparison), as
// sets: counters say which rules matched, not in which order (the model's order is kept for the reader). Landing:
// the listener, its local address and port, and the original destination (SO_ORIGINAL_DST, read from conntrack);
// "left the pod" against what the remote namespace did; refused against refused; a connect() error by errno code.
// Every difference names both sides in full.

import { tableLabel } from '../model/kernel/index.ts';
import { addrText, endpointJson } from '../model/trace/index.ts';
import {
  endpointText,
  errorCode,
  expectedText,
  hostPort,
  outcomeText,
  type RuleRef,
  rulesInFull,
} from './compare-format.ts';
import type { ExpectedLanding, PlannedHop } from './replay-trace.ts';
import type { ObservedHop, ObservedOutcome } from './types.ts';

export type { RuleRef } from './compare-format.ts';

export interface ModelView {
  readonly hop: number;
  /** e.g. `envoy 1337/1337`, `prometheus (outside)`. */
  readonly actor: string;
  readonly src: string;
  /** Destination as the socket asked for it, before NAT. */
  readonly dst: string;
  /** The model's rule hits in traversal order. */
  readonly rules: readonly RuleRef[];
  /** What the kernel must show for the model's landing (replay-trace-landing.ts). */
  readonly expect: ExpectedLanding;
}

export interface KernelView {
  /** Rules whose counters rose, sorted by table, chain and position. */
  readonly rules: readonly RuleRef[];
  readonly outcome: ObservedOutcome;
  readonly source?: string;
}

export interface HopComparison {
  readonly id: string;
  readonly agree: boolean;
  readonly differences: readonly string[];
  readonly model: ModelView;
  readonly kernel: KernelView;
  readonly substitutions: readonly string[];
}

const ruleKey = (r: RuleRef): string => `${r.table}\u0000${r.chain}\u0000${r.rule}`;

export function modelView(planned: PlannedHop): ModelView {
  const hop = planned.model;
  const owner = hop.actor.owner;
  return {
    hop: hop.n,
    actor: owner ? `${hop.actor.id} ${owner.uid}/${owner.gid}` : `${hop.actor.id} (outside)`,
    src: addrText(hop.src.addr),
    dst: endpointText(endpointJson(hop.dst)),
    rules: hop.hits
      .filter((h) => h.kind === 'rule')
      // Named as the kernel side names them: `nat` for iptables, `inet istio-proxy-nat` for a native table.
      .map(({ table, chain, index, rule }) => ({ table: tableLabel(table), chain, index, rule })),
    expect: planned.expect,
  };
}

function compareRules(model: readonly RuleRef[], kernel: readonly RuleRef[]): string[] {
  const inKernel = new Set(kernel.map(ruleKey));
  const inModel = new Set(model.map(ruleKey));
  const onlyModel = model.filter((r) => !inKernel.has(ruleKey(r)));
  const onlyKernel = kernel.filter((r) => !inModel.has(ruleKey(r)));
  const twice = model.filter((r, i) => model.findIndex((x) => ruleKey(x) === ruleKey(r)) !== i);
  const out: string[] = [];
  if (onlyModel.length > 0 || onlyKernel.length > 0) {
    out.push(
      `rules: model hit [${rulesInFull(model)}]; kernel counted [${rulesInFull(kernel)}]; ` +
        `only in the model: [${rulesInFull(onlyModel)}]; only in the kernel: [${rulesInFull(onlyKernel)}]`,
    );
  }
  // A counter cannot tell one match from two, so a rule the model hits twice in one hop is worth a question.
  if (twice.length > 0) out.push(`rules: the model hits [${rulesInFull(twice)}] more than once in one hop`);
  return out;
}

function landingDifference(expect: ExpectedLanding, o: ObservedOutcome): string | null {
  const both = `model: ${expectedText(expect)}; kernel: ${outcomeText(o)}`;
  switch (expect.kind) {
    case 'accepted': {
      if (o.kind !== 'accepted') return `landing: ${both}`;
      const wrong: string[] = [];
      if (o.listener !== expect.listener) wrong.push('listener');
      if (hostPort(o.localAddr, o.localPort) !== endpointText(expect.local)) wrong.push('local address');
      // Untracked: nothing rewrote the destination, so the original destination is the local address.
      const orig =
        o.origDst !== undefined
          ? hostPort(o.origDst, o.origDport)
          : o.untracked
            ? hostPort(o.localAddr, o.localPort)
            : undefined;
      if (orig !== (expect.origDst ? endpointText(expect.origDst) : undefined)) wrong.push('original destination');
      return wrong.length === 0 ? null : `landing (${wrong.join(', ')}): ${both}`;
    }
    case 'refused':
      return o.kind === 'refused' ? null : `landing: ${both}`;
    case 'unanswered':
      // A failed neighbour lookup may report EHOSTUNREACH before the harness gives up; both mean "nobody answered".
      return o.kind === 'timeout' || (o.kind === 'error' && errorCode(o.message) === 'EHOSTUNREACH')
        ? null
        : `landing: ${both}`;
    case 'error':
      return o.kind === 'error' && errorCode(o.message) === expect.code ? null : `landing: ${both}`;
    default: {
      const never: never = expect;
      throw new Error(`unknown expectation ${JSON.stringify(never)}`);
    }
  }
}

export function compareHop(planned: PlannedHop, observed: ObservedHop): HopComparison {
  const model = modelView(planned);
  const kernel: KernelView = {
    rules: observed.hits.map(({ table, chain, index, rule }) => ({ table, chain, index, rule })),
    outcome: observed.outcome,
    ...(observed.source ? { source: observed.source.addr } : {}),
  };
  const differences = compareRules(model.rules, kernel.rules);
  const landing = landingDifference(planned.expect, observed.outcome);
  if (landing) differences.push(landing);
  // The socket's source address (the kernel's choice, or the bind): only known for a pod hop whose socket got one,
  // and only comparable when the replay did not have to substitute the actor's address.
  if (planned.model.actor.where === 'pod' && kernel.source !== undefined && kernel.source !== model.src) {
    differences.push(`source address: model ${model.src}; kernel ${kernel.source}`);
  }
  return {
    id: planned.id,
    agree: differences.length === 0,
    differences,
    model,
    kernel,
    substitutions: planned.substitutions,
  };
}
