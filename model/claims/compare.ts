// Compares a claim of the article with the model's trace, hop by hop, and gives a verdict with the first difference.

import { inferIntent } from '../invariants/index.ts';
import { type Ruleset, whyMatched } from '../rules/index.ts';
import { addrText, describeLanding, endpointText, type HopSummary, summarize, type Trace } from '../trace/index.ts';
import type { Claim, ClaimedHop } from './article.ts';

export interface Difference {
  /** The 1-based hop where the article and the model part, or 'ports' for type 3's port list. */
  readonly step: number | 'ports';
  readonly claimed: string;
  readonly actual: string;
  /** One sentence. */
  readonly reason: string;
}

export interface ClaimVerdict {
  readonly claimId: string;
  readonly articleType: number;
  readonly profile: string;
  readonly verdict: 'confirmed' | 'contradicted';
  readonly differences: readonly Difference[];
  readonly reason: string;
}

function describeClaimed(h: ClaimedHop): string {
  const decision =
    h.outputRule !== null
      ? `ISTIO_OUTPUT rule ${h.outputRule}`
      : h.inbound === 'return'
        ? 'ISTIO_INBOUND RETURN'
        : h.inbound === 'redirect'
          ? 'ISTIO_INBOUND -> ISTIO_IN_REDIRECT'
          : 'no ISTIO rule';
  return `${h.entry} -> ${decision} -> ${h.lands === '*' ? '(unspecified)' : h.lands}`;
}

export function describeActual(s: HopSummary): string {
  return describeClaimed({ entry: s.entry, outputRule: s.outputRule, inbound: s.inbound, lands: s.lands });
}

function ruleExplanation(ruleset: Ruleset, chain: string, index: number): string {
  const rule = ruleset.tables.find((t) => t.name === 'nat')?.chains.find((c) => c.name === chain)?.rules[index - 1];
  return rule ? whyMatched(rule) : 'no such rule';
}

function hopWho(s: HopSummary): string {
  const h = s.hop;
  const owner = h.actor.owner ? ` uid/gid ${h.actor.owner.uid}/${h.actor.owner.gid}` : '';
  return `hop ${h.n} (${h.actor.label}${owner}, ${addrText(h.src.addr)} -> ${endpointText(h.dst)})`;
}

function compareHop(step: number, claimed: ClaimedHop, actual: HopSummary, ruleset: Ruleset): Difference | null {
  const c = describeClaimed(claimed);
  const a = describeActual(actual);
  if (claimed.entry !== actual.entry) {
    return {
      step,
      claimed: c,
      actual: a,
      reason: `At ${hopWho(actual)} netfilter sees the packet in ${actual.entry}, not ${claimed.entry}.`,
    };
  }
  if (claimed.inbound !== null && claimed.inbound !== actual.inbound) {
    return {
      step,
      claimed: c,
      actual: a,
      reason: `At ${hopWho(actual)} ISTIO_INBOUND ${actual.inbound === 'redirect' ? `redirects port ${actual.hop.dst.port} to Envoy` : actual.inbound === 'return' ? `lets port ${actual.hop.dst.port} through` : 'is not reached'}, where the article says it ${claimed.inbound === 'return' ? 'lets it through' : 'redirects it'}.`,
    };
  }
  if (claimed.outputRule !== null && claimed.outputRule !== actual.outputRule) {
    const why =
      actual.outputRule === null
        ? 'no ISTIO_OUTPUT rule decides it'
        : `rule ${actual.outputRule} matches first because ${ruleExplanation(ruleset, 'ISTIO_OUTPUT', actual.outputRule)}`;
    return {
      step,
      claimed: c,
      actual: a,
      reason: `At ${hopWho(actual)} the article names ISTIO_OUTPUT rule ${claimed.outputRule}, but ${why}.`,
    };
  }
  if (claimed.lands !== '*' && claimed.lands !== actual.lands) {
    return {
      step,
      claimed: c,
      actual: a,
      reason: `At ${hopWho(actual)} the connection lands on ${describeLanding(actual.hop.landed)}, not on ${claimed.lands}.`,
    };
  }
  return null;
}

function comparePorts(claim: Claim, ruleset: Ruleset): Difference | null {
  if (!claim.bypassPorts) return null;
  const actual = inferIntent(ruleset).inboundExcludedPorts;
  const wrong = claim.bypassPorts.filter((p) => !actual.includes(p));
  const missing = actual.filter((p) => !claim.bypassPorts!.includes(p));
  if (wrong.length === 0 && missing.length === 0) return null;
  const parts = [
    wrong.length > 0 ? `the rules do not exclude ${wrong.join(', ')}` : '',
    missing.length > 0 ? `they also exclude ${missing.join(', ')}` : '',
  ].filter(Boolean);
  return {
    step: 'ports',
    claimed: claim.bypassPorts.join(', '),
    actual: actual.join(', '),
    reason: `The article says ports ${claim.bypassPorts.join(', ')} skip Envoy, but ${parts.join(' and ')}${wrong.includes(15002) ? ' (15002 is the istio-iptables validation probe port, never an exclusion)' : ''}.`,
  };
}

export function judgeClaim(claim: Claim, profile: string, trace: Trace, ruleset: Ruleset): ClaimVerdict {
  const actual = summarize(trace);
  const differences: Difference[] = [];
  const steps = Math.max(claim.hops.length, actual.length);
  for (let i = 0; i < steps; i++) {
    const c = claim.hops[i];
    const a = actual[i];
    if (c && a) {
      const d = compareHop(i + 1, c, a, ruleset);
      if (d) {
        differences.push(d);
        break;
      }
    } else if (c) {
      differences.push({
        step: i + 1,
        claimed: describeClaimed(c),
        actual: '(no such hop)',
        reason: `The model's story ends after hop ${i} (${describeLanding(actual[i - 1]!.hop.landed)}), but the article continues with ${describeClaimed(c)}.`,
      });
      break;
    } else if (a) {
      differences.push({
        step: i + 1,
        claimed: '(no such hop)',
        actual: describeActual(a),
        reason: `The model's story has a hop ${i + 1} the article leaves out: ${hopWho(a)} ${describeActual(a)}.`,
      });
      break;
    }
  }
  const ports = comparePorts(claim, ruleset);
  if (ports) differences.push(ports);
  const first = differences[0];
  return {
    claimId: claim.id,
    articleType: claim.articleType,
    profile,
    verdict: first ? 'contradicted' : 'confirmed',
    differences,
    reason: first ? first.reason : "The model's trace follows the article's path hop for hop.",
  };
}
