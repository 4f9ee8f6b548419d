// What a reviewer calls a connection's fate when rules change (issue 14): per hop of the story, who opened it, the
// ISTIO_OUTPUT and ISTIO_INBOUND rules that decided it (by their text, so moving a rule whose place does not matter
// changes nothing) and where it landed; then how the story ends (delivered, left the pod, refused, dropped, a loop).
// It is coarser than fateKey (fate.ts), which also holds rule positions: a class has one fateKey, so one outcome.
import { decidingRule, type Hop, type Trace } from '../trace/index.ts';
import { landingKey } from './fate.ts';

function hopOutcome(h: Hop): string {
  const out = decidingRule(h, 'output');
  const inbound = decidingRule(h, 'inbound');
  const rules = [out ? `output: ${out.rule}` : null, inbound ? `inbound: ${inbound.rule}` : null].filter(Boolean);
  return `${h.actor.id} ${h.protocol} {${rules.join('; ')}} -> ${landingKey(h.landed)}`;
}

/** The fate that diff compares, as one string: equal strings are the same fate. */
export function outcomeKey(trace: Trace): string {
  const d = trace.disposition;
  const end = d.kind === 'loop' ? 'loop' : d.kind === 'delivered' ? `delivered to ${d.listener}` : d.kind;
  return `${trace.hops.map(hopOutcome).join(' | ')} => ${end}`;
}

/**
 * The fate without any rule: per hop who opened it, its protocol and where it landed, then how the story ends. Two
 * rulesets written in different languages (iptables and native nftables rules of one configuration) have equal story
 * keys for a connection exactly when the connection lives the same story under both; an undetermined landing drops
 * its place (the rule the model cannot evaluate is named differently in each language).
 */
export function storyKey(trace: Trace): string {
  const hops = trace.hops.map((h) => {
    const landed = h.landed.kind === 'undetermined' ? 'undetermined' : landingKey(h.landed);
    return `${h.actor.id} ${h.protocol} -> ${landed}`;
  });
  const d = trace.disposition;
  const end = d.kind === 'loop' ? 'loop' : d.kind === 'delivered' ? `delivered to ${d.listener}` : d.kind;
  return `${hops.join(' | ')} => ${end}`;
}

/** The fate in a reader's words: the listeners passed and how the story ends. */
export function outcomeSummary(trace: Trace): string {
  const d = trace.disposition;
  const passed = trace.hops
    .map((h) => (h.landed.kind === 'listener' ? String(h.dstAfterNat.port) : null))
    .filter((x): x is string => x !== null);
  const end =
    d.kind === 'loop'
      ? 'loops'
      : d.kind === 'delivered'
        ? `delivered to ${d.listener}`
        : d.kind === 'left-pod'
          ? 'leaves the pod'
          : d.kind;
  return passed.length > 0 ? `via ${passed.join(' -> ')}, ${end}` : end;
}
