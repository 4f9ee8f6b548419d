// The kernel oracle's results as data. `npm run oracle` writes two files under generated/:
// - kernel-oracle.json (KernelOracleResults, oracle/kernel-oracle.schema.json): the plan, the figures, every
//   disagreement and every per-hop row the report shows. Only facts that follow from the model, the plan and the
//   kernel's verdicts, so a run on another machine that agrees writes the same bytes. The docs generator renders
//   generated/kernel-oracle.md and each traffic page's kernel status from it.
// - kernel-oracle.machine.json (MachineFacts, oracle/kernel-oracle.machine.schema.json): the machine it ran on
//   (kernel release, Node, timings), which the freshness check never compares.
// Another producer (e.g. a differential fuzzer) writes its own pair of files rather than a section of these, so no
// producer overwrites another's figures; the docs generator joins them (docs-gen/site/oracle-data.ts).
import type { RuleRef } from './compare-format.ts';
import type { CaseSet } from './coverage-case.ts';
import type { Backend, ObservedOutcome } from './types.ts';

export const RESULTS_FILE = 'kernel-oracle.json';
export const MACHINE_FILE = 'kernel-oracle.machine.json';
export const PRODUCER = 'npm run oracle';
/** Bumped when a field changes meaning or goes away; fields are otherwise only added. */
export const RESULTS_VERSION = 1;

/** A rule by position, enough for a label (`ISTIO_OUTPUT#9`); rules are matched by text when compared. */
export interface RuleAt {
  readonly table: string;
  readonly chain: string;
  readonly index: number;
}

export interface Counts {
  /** Connections considered: compared + skipped. */
  readonly connections: number;
  readonly compared: number;
  readonly skipped: number;
  readonly hops: number;
  readonly agree: number;
  readonly disagree: number;
}

export interface PlanRecord {
  readonly seed: number;
  readonly arbitraryPerProfile: number;
  readonly arbitraryPerMutant: number;
  readonly mutants: number;
  readonly loopDepth: number;
  readonly profiles: readonly string[];
  readonly mutantProfile: string;
  /** The backends the cases ran on: nft always, legacy when the machine has it. */
  readonly backends: readonly Backend[];
}

/** One group of cases on one backend: a profile's scenarios or arbitrary connections, the mutants, the loop. */
export interface SummaryRow extends Counts {
  readonly backend: Backend;
  readonly set: CaseSet;
  readonly profile: string;
}

export interface DisagreementRecord {
  readonly backend: Backend;
  readonly caseId: string;
  readonly hopId: string;
  readonly actor: string;
  readonly src: string;
  readonly dst: string;
  /** Each difference with both sides in full (oracle/compare.ts). */
  readonly differences: readonly string[];
  readonly modelRules: readonly RuleRef[];
  readonly kernelRules: readonly RuleRef[];
  readonly substitutions: readonly string[];
}

/** A skip that is a finding (oracle/report.ts FINDING_SKIPS): never allowed, like a disagreement. */
export interface FindingRecord {
  readonly backend: Backend;
  readonly caseId: string;
  readonly code: string;
  readonly reason: string;
}

export interface SkipRecord {
  readonly code: string;
  readonly description: string;
  readonly connections: number;
}

export interface SubstitutionRecord {
  readonly substitution: string;
  readonly hops: number;
}

/** One hop of a scenario as shipped, with the kernel's side from iptables-nft and whether each backend agreed. */
export interface ScenarioHopRow {
  readonly profile: string;
  readonly scenario: string;
  readonly hop: number;
  readonly actor: string;
  readonly src: string;
  readonly dst: string;
  readonly modelRules: readonly RuleAt[];
  readonly kernelRules: readonly RuleAt[];
  readonly landing: ObservedOutcome;
  readonly agree: { readonly nft: boolean; readonly legacy?: boolean };
}

export interface MutantRow extends Counts {
  /** The edit or mutant, e.g. `delete ISTIO_OUTPUT#4`. */
  readonly ruleset: string;
}

export interface LoopHopRow {
  readonly hopId: string;
  readonly modelRules: readonly RuleAt[];
  readonly kernelRules: readonly RuleAt[];
  readonly landing: ObservedOutcome;
  readonly agree: boolean;
}

export interface LoopRecord {
  readonly caseId: string;
  readonly profile: string;
  /** The model's disposition of the looping connection, and its own words for it. */
  readonly model: { readonly disposition: string; readonly description: string };
  readonly depth: number;
  /** How often the REDIRECT in ISTIO_REDIRECT was counted for the one client connection. */
  readonly redirects: number;
  readonly hops: readonly LoopHopRow[];
  readonly agree: boolean;
}

/**
 * Lists are in plan order (profiles as listed in `plan`, scenarios in catalog order, mutants as picked by the seed),
 * which is fixed by the plan; lists without a plan order (skips, substitutions) are sorted by their key.
 */
export interface KernelOracleResults {
  readonly producer: typeof PRODUCER;
  readonly version: typeof RESULTS_VERSION;
  readonly plan: PlanRecord;
  /** Every row of `summary` added up, the loop included. */
  readonly total: Counts;
  readonly summary: readonly SummaryRow[];
  readonly disagreements: readonly DisagreementRecord[];
  readonly findings: readonly FindingRecord[];
  readonly skipped: readonly SkipRecord[];
  readonly substitutions: readonly SubstitutionRecord[];
  readonly scenarios: readonly ScenarioHopRow[];
  readonly mutants: readonly MutantRow[];
  readonly loop: LoopRecord;
  /** The DNS flows (oracle/dns/): absent from results written before the DNS oracle existed. */
  readonly dns?: DnsSection;
}

/** What one side (model or kernel) saw of a DNS flow, in oracle/dns/compare.ts's words. */
export interface DnsSide {
  /** `table chain: rule ×packets`, request and reply packets together, sorted. */
  readonly rules: readonly string[];
  /** The pod's conntrack entries after the flow: `proto zone N original / reply REPLIED|UNREPLIED`, sorted. */
  readonly conntrack: readonly string[];
  readonly answer: string;
}

/** One query of the application (UDP or TCP to port 53) in one case on one backend. */
export interface DnsFlowRow {
  readonly backend: Backend;
  readonly case: string;
  readonly proto: 'udp' | 'tcp';
  readonly agree: boolean;
  readonly differences: readonly string[];
  readonly model: DnsSide;
  readonly kernel: DnsSide;
}

export interface DnsSection {
  /** The cases in replay order: every DNS-capable profile, then the DNS goldens (`golden:<name>`). */
  readonly cases: readonly string[];
  readonly total: { readonly flows: number; readonly agree: number; readonly disagree: number };
  /** In replay order: backend, case, protocol. */
  readonly flows: readonly DnsFlowRow[];
}

export interface BackendMachineFacts {
  readonly backend: Backend;
  readonly available: boolean;
  /** Why the backend could not run here. */
  readonly reason?: string;
  readonly hops: number;
  readonly seconds: number;
  readonly hopsPerSecond: number;
  /** Hops replayed again after an incomplete observation (oracle/coverage-run.ts). */
  readonly retries: number;
}

/** The machine of the last run: never compared by the freshness check. */
export interface MachineFacts {
  readonly producer: typeof PRODUCER;
  readonly version: typeof RESULTS_VERSION;
  /** `uname -r` of the kernel the hops were replayed on. */
  readonly kernel: string;
  readonly node: string;
  readonly backends: readonly BackendMachineFacts[];
}
