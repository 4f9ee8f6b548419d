// One connection's verdict: the model's first-packet hits and outcome against the kernel's trace and dial result.
// For iptables-nft the model's 'return' hits (falling off a user chain) are left out: nft's trace has no such event.
import { formatAddr, parseAddr } from '../../model/net/index.ts';
import type { Backend } from '../types.ts';
import type { Prediction } from './predict.ts';
import type { KernelObservation } from './session.ts';
import { hitText } from './trace-events.ts';

export type Verdict =
  | { readonly kind: 'agree' }
  | { readonly kind: 'undetermined'; readonly reason: string }
  | { readonly kind: 'disagree'; readonly what: string };

function endpointText(text: string): string {
  const colon = text.lastIndexOf(':');
  return `${formatAddr(parseAddr(text.slice(0, colon)))}:${text.slice(colon + 1)}`;
}

export function outcomeText(
  o: KernelObservation['outcome'] | Extract<Prediction, { kind: 'expected' }>['outcome'],
): string {
  if (o.kind === 'accepted') return `accepted by ${o.where} ${o.listener} at ${endpointText(o.local)}`;
  return o.kind;
}

export function judge(backend: Backend, prediction: Prediction, observed: KernelObservation): Verdict {
  if (prediction.kind === 'undetermined') return { kind: 'undetermined', reason: prediction.reason };
  const model = prediction.hits.filter((h) => backend === 'legacy' || h.kind !== 'return').map(hitText);
  const kernel = observed.hits.filter((h) => backend === 'legacy' || h.kind !== 'return').map(hitText);
  const problems: string[] = [];
  if (model.join(' ') !== kernel.join(' '))
    problems.push(`hits: model [${model.join(' ')}], kernel [${kernel.join(' ')}]`);
  const m = outcomeText(prediction.outcome);
  const k = outcomeText(observed.outcome);
  const lost = prediction.laterPacketsMayBeLost;
  const unanswered = observed.outcome.kind === 'timeout' || observed.outcome.kind === 'unaccepted';
  const replyLost = lost !== null && unanswered && m !== 'timeout';
  if (replyLost && problems.length === 0) {
    return {
      kind: 'undetermined',
      reason: `model ${m} on the first packet; the kernel ${observed.outcome.kind === 'timeout' ? 'timed out' : 'connected but no listener accepted'}, and ${lost} (a path the model does not follow)`,
    };
  }
  if (m !== k && !replyLost)
    problems.push(
      `outcome: model ${m}, kernel ${k}${observed.outcome.kind === 'error' ? ` (${observed.outcome.message})` : ''}`,
    );
  return problems.length === 0 ? { kind: 'agree' } : { kind: 'disagree', what: problems.join('; ') };
}
