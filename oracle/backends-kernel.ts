// The kernel's word on each iptables-vs-nftables difference (`npm run backends -- --kernel`): the difference's
// simplest connection, replayed in fresh namespaces of the difference's family once per backend: the iptables
// backend's rules loaded with iptables-nft-restore and ip6tables-nft-restore (a family it writes no rules for gets
// none, as in its pod), the native backend's script with `nft -f`. Each hop of the model's trace under that backend
// is replayed as its actor (oracle/replay-trace.ts) and compared with what the kernel did: the rules whose counters
// rose (ip6/ip tables, or the inet tables) and which listener accepted, with the original destination. A difference
// is confirmed only when both replays ran and every hop on both sides agreed.
import type { DiffGroup } from '../model/classes/index.ts';
import type { Family } from '../model/net/index.ts';
import type { Connection, World } from '../model/pod/index.ts';
import { printRuleset } from '../model/rules/index.ts';
import type { Trace } from '../model/trace/index.ts';
import type { BackendPair } from './backends.ts';
import type { BackendsRun } from './backends-compute.ts';
import { differenceKey, type KernelConfirmation } from './backends-data.ts';
import type { HopComparison } from './compare.ts';
import { outcomeText, ruleLabels } from './compare-format.ts';
import type { CaseResult, PreparedCase } from './coverage-case.ts';
import { runCases } from './coverage-run.ts';
import { withOracle } from './harness.ts';
import { inboundPathMatchesSource, oracleListeners, planReplay } from './replay-trace.ts';
import type { OracleOptions } from './types.ts';

export type BackendSide = 'iptables' | 'nft';

/** One difference to replay: its key in backends.json (differenceKey) and the model's trace under each backend. */
export interface KernelTarget {
  readonly key: string;
  readonly example: Connection;
  readonly iptablesTrace: Trace;
  readonly nftTrace: Trace;
}

export const kernelTarget = (key: string, g: DiffGroup): KernelTarget => ({
  key,
  example: g.example,
  iptablesTrace: g.oldTrace,
  nftTrace: g.newTrace,
});

/** The differences of one configuration and family, with the pair of rulesets they come from. */
export interface KernelWork {
  readonly pair: BackendPair;
  readonly family: Family;
  readonly targets: readonly KernelTarget[];
}

/** Every difference of a run, grouped by configuration and family (only those with differences). */
export function kernelWork(run: BackendsRun): KernelWork[] {
  return run.comparisons.flatMap((c, ci) =>
    c.families.flatMap((f, fi) => {
      if (f.groups.length === 0) return [];
      const recorded = run.results.configurations[ci]!.families[fi]!.differences;
      const targets = f.groups.map((g, i) => kernelTarget(differenceKey(c.name, f.family, recorded[i]!), g));
      return [{ pair: run.pairs[ci]!, family: f.family, targets }];
    }),
  );
}

/** What one backend's session loads for a family: ip(6)tables-restore text, or the whole nft script. */
function sessionOptions(pair: BackendPair, side: BackendSide, family: Family): OracleOptions {
  if (side === 'nft') return { backend: 'native-nft', family, rules: pair.nftScript };
  const text = (f: Family) => {
    const rs = pair.iptables.pod.rulesets[f];
    return rs ? printRuleset(rs) : '';
  };
  return { backend: 'nft', family, rules: text(family), ...(family === 'ipv6' ? { ipv4Rules: text('ipv4') } : {}) };
}

function prepared(world: World, side: BackendSide, family: Family, i: number, t: KernelTarget): PreparedCase {
  const listeners = oracleListeners(world, family);
  const trace = side === 'iptables' ? t.iptablesTrace : t.nftTrace;
  const inboundSourceMatters = inboundPathMatchesSource(world.pod.rulesets[family]);
  const id = `${side} difference ${i + 1}`;
  const plan = planReplay({ listeners, inboundSourceMatters, family }, id, trace);
  const meta = { id, profile: side, set: 'scenario', variant: 'as generated', label: `difference ${i + 1}` } as const;
  return { meta, world, rules: '', connection: t.example, trace, plan, listenersKey: listeners.key };
}

/** One session per backend for all of a family's targets, in order. */
async function replaySide(
  pair: BackendPair,
  side: BackendSide,
  family: Family,
  targets: readonly KernelTarget[],
): Promise<CaseResult[]> {
  const world = side === 'iptables' ? pair.iptables : pair.nft;
  const cases = targets.map((t, i) => prepared(world, side, family, i, t));
  const listeners = oracleListeners(world, family);
  const options = { ...sessionOptions(pair, side, family), listeners: listeners.specs };
  // The session is loaded with its rules at start: cases carry `rules: ''`, equal to `loaded`, so none reloads.
  return withOracle(options, (oracle) => runCases({ oracle, listeners, loaded: '' }, cases));
}

/** `#1 app 1000/1000 -> [fd00:250::3]:8080: counted (none); refused`, and what the model said where they differ. */
export function hopLine(h: HopComparison): string {
  const m = h.model;
  const seen = `#${m.hop} ${m.actor} -> ${m.dst}: counted ${ruleLabels(h.kernel.rules)}; ${outcomeText(h.kernel.outcome)}`;
  return h.agree ? seen : `${seen} (differs from the model: ${h.differences.join('; ')})`;
}

function sideLines(r: CaseResult): string[] {
  return r.status === 'compared' ? r.hops.map(hopLine) : [`not replayed: ${r.skip?.reason ?? 'skipped'}`];
}

const agreed = (r: CaseResult) => r.status === 'compared' && r.hops.length > 0 && r.hops.every((h) => h.agree);

function confirmation(ipt: CaseResult, nft: CaseResult): KernelConfirmation {
  const confirmed = agreed(ipt) && agreed(nft);
  const why = ([['iptables', ipt] as const, ['nft', nft] as const] as const)
    .filter(([, r]) => !agreed(r))
    .map(([side, r]) =>
      r.status === 'skipped'
        ? `${side}: not replayed (${r.skip?.code})`
        : `${side}: ${r.hops.filter((h) => !h.agree).length} of ${r.hops.length} hops differ from the model`,
    );
  return {
    confirmed,
    iptables: sideLines(ipt),
    nft: sideLines(nft),
    ...(confirmed ? {} : { reason: why.join('; ') }),
  };
}

/** Replays every target of one configuration and family on both backends; results by target key. */
export async function confirmOnKernel(
  pair: BackendPair,
  family: Family,
  targets: readonly KernelTarget[],
): Promise<Map<string, KernelConfirmation>> {
  const out = new Map<string, KernelConfirmation>();
  if (targets.length === 0) return out;
  const ipt = await replaySide(pair, 'iptables', family, targets);
  const nft = await replaySide(pair, 'nft', family, targets);
  for (const [i, t] of targets.entries()) out.set(t.key, confirmation(ipt[i]!, nft[i]!));
  return out;
}
