// Runs of same-target rules: consecutive rules of one chain that differ only in one destination address, source
// address or destination port list, with the same target (issue 14, "Speed and scale"). istio-iptables writes them:
// `-x` as `-A ISTIO_OUTPUT -d CIDR -j RETURN` per CIDR, `-b` as `-A ISTIO_INBOUND -p tcp --dport P -j
// ISTIO_IN_REDIRECT` per port (tools/istio-iptables/pkg/capture/run.go). The first rule of such a run that a packet
// matches is found by one lookup in the run's segments (each value range labelled with the first rule that covers
// it), and the packet-class analysis (model/classes/explore.ts) sees the run as one test: "in the union, exit by one
// of rules i..j" or "in none of them". The hit recorded is still the actual matching rule.
// A run's rules end the chain's walk when they match (RETURN, ACCEPT, DROP, REJECT, goto), or jump to a chain and
// come back, which is only merged when the rules' sets are disjoint: a packet that comes back then matches no other
// rule of the run, so its walk goes on after the run as the rule-by-rule walk would.
import { complementSpans, fieldMax, type Span } from '../kinds/index.ts';
import { addrToBig, cidrBounds } from '../net/index.ts';
import type { Match, Rule } from '../rules/index.ts';
import { MATCH, NO_MATCH, UNKNOWN } from './match.ts';
import type { Packet } from './packet.ts';
import { compilePredicate, type RulePredicate } from './predicate.ts';

export type RunField = 'src' | 'dst' | 'dport';

export interface RuleRun {
  /** 0-based positions of the run's first and last rules in their chain. */
  readonly first: number;
  readonly last: number;
  readonly field: RunField;
  /** Where in each rule's matches the varying one is. */
  readonly at: number;
  /** The first rule's varying match: its kind says whether the field decides it for a packet (region). */
  readonly probe: Match;
  /** The matches all rules share, in the rules' order, as one predicate. */
  readonly common: readonly Match[];
  readonly commonTest: RulePredicate;
  /** The values some rule of the run matches, and the rest of the field (sorted, disjoint, non-adjacent). */
  readonly union: readonly Span[];
  readonly outside: readonly Span[];
  /** Disjoint segments of values, each with the 0-based position of the first rule of the run that covers it. */
  readonly segments: readonly RunSegment[];
}

export interface RunSegment {
  readonly from: bigint;
  readonly to: bigint;
  readonly position: number;
}

const RUN_TARGETS: ReadonlySet<string> = new Set(['return', 'accept', 'drop', 'reject', 'goto', 'jump']);

/** The field a match may vary in within a run, or null. Only plain (not negated) sets of values. */
function varyingField(m: Match): RunField | null {
  if (m.kind === 'destination' && !m.negated) return 'dst';
  if (m.kind === 'source' && !m.negated) return 'src';
  if (m.kind === 'port' && !m.negated && m.direction === 'destination') return 'dport';
  return null;
}

/** What must be equal between the varying matches of two rules of a run: the kind and how it reads the field. */
function varyingShape(m: Match): string {
  if (m.kind === 'port') return `port ${m.module}`;
  if (m.kind === 'destination' || m.kind === 'source') return `${m.kind} ${m.cidr.addr.family}`;
  return m.kind;
}

function spansOf(m: Match): Span[] {
  if (m.kind === 'port') return m.ranges.map((r) => ({ from: BigInt(r.from), to: BigInt(r.to) }));
  if (m.kind === 'destination' || m.kind === 'source') return [cidrBounds(m.cidr)];
  return [];
}

interface Shape {
  readonly eligible: boolean;
  readonly target: string;
  readonly matches: readonly string[];
}

function shapeOf(rule: Rule): Shape {
  const eligible = RUN_TARGETS.has(rule.target.kind) && rule.matches.every((m) => m.kind !== 'unsupported');
  return { eligible, target: JSON.stringify(rule.target), matches: rule.matches.map((m) => JSON.stringify(m)) };
}

/** The one match position where a and b differ, when it can vary in a run; null otherwise. */
function differingAt(a: Rule, sa: Shape, b: Rule, sb: Shape): number | null {
  if (!sa.eligible || !sb.eligible || sa.target !== sb.target || sa.matches.length !== sb.matches.length) return null;
  let at: number | null = null;
  for (let i = 0; i < sa.matches.length; i++) {
    if (sa.matches[i] === sb.matches[i]) continue;
    if (at !== null) return null;
    at = i;
  }
  if (at === null) return null;
  return fitsAt(a, b, at) ? at : null;
}

function fitsAt(a: Rule, b: Rule, at: number): boolean {
  const ma = a.matches[at]!;
  const mb = b.matches[at]!;
  return varyingField(ma) !== null && varyingField(ma) === varyingField(mb) && varyingShape(ma) === varyingShape(mb);
}

/** Whether b has a's shape except at `at`, where its match may vary (or be equal). */
function sameBut(a: Rule, sa: Shape, b: Rule, sb: Shape, at: number): boolean {
  if (!sb.eligible || sa.target !== sb.target || sa.matches.length !== sb.matches.length) return false;
  for (let i = 0; i < sa.matches.length; i++) if (i !== at && sa.matches[i] !== sb.matches[i]) return false;
  return fitsAt(a, b, at);
}

/** The runs of at least two rules in a chain's rules. */
export function findRuns(rules: readonly Rule[]): RuleRun[] {
  const shapes = rules.map(shapeOf);
  const out: RuleRun[] = [];
  let i = 0;
  while (i < rules.length - 1) {
    const at = differingAt(rules[i]!, shapes[i]!, rules[i + 1]!, shapes[i + 1]!);
    if (at === null) {
      i++;
      continue;
    }
    let last = i + 1;
    while (last + 1 < rules.length && sameBut(rules[i]!, shapes[i]!, rules[last + 1]!, shapes[last + 1]!, at)) last++;
    const run = buildRun(rules, i, last, at);
    if (run !== null) out.push(run);
    i = last + 1;
  }
  return out;
}

function buildRun(rules: readonly Rule[], first: number, last: number, at: number): RuleRun | null {
  const head = rules[first]!;
  const probe = head.matches[at]!;
  const field = varyingField(probe)!;
  const items: { from: bigint; to: bigint; position: number }[] = [];
  for (let k = first; k <= last; k++)
    for (const s of spansOf(rules[k]!.matches[at]!)) items.push({ ...s, position: k });
  const segments = firstCover(items);
  if (head.target.kind === 'jump' && !disjoint(items)) return null;
  const common = head.matches.filter((_, j) => j !== at);
  const family = probe.kind === 'destination' || probe.kind === 'source' ? probe.cidr.addr.family : 'ipv4';
  const union = mergeSpans(segments);
  return {
    first,
    last,
    field,
    at,
    probe,
    common,
    commonTest: compilePredicate(common),
    union,
    outside: complementSpans(union, fieldMax(field, family)),
    segments,
  };
}

function disjoint(items: readonly Span[]): boolean {
  const sorted = [...items].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.from <= sorted[i - 1]!.to) return false;
  return true;
}

function mergeSpans(segments: readonly RunSegment[]): Span[] {
  const out: Span[] = [];
  for (const s of segments) {
    const prev = out.at(-1);
    if (prev && s.from <= prev.to + 1n) out[out.length - 1] = { from: prev.from, to: s.to > prev.to ? s.to : prev.to };
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/**
 * The segments of values each labelled with the least position whose spans cover it: a sweep over the span ends
 * with a heap of the spans open at each boundary (an open span that ended is dropped when it reaches the top).
 */
function firstCover(items: readonly { from: bigint; to: bigint; position: number }[]): RunSegment[] {
  const byStart = [...items].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const bounds = [...new Set(items.flatMap((s) => [s.from, s.to + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const heap = new MinHeap();
  const out: RunSegment[] = [];
  let next = 0;
  for (let b = 0; b < bounds.length - 1; b++) {
    const at = bounds[b]!;
    while (next < byStart.length && byStart[next]!.from === at) heap.push(byStart[next++]!);
    while (heap.size > 0 && heap.top().to < at) heap.pop();
    if (heap.size === 0) continue;
    const position = heap.top().position;
    const to = bounds[b + 1]! - 1n;
    const prev = out.at(-1);
    if (prev && prev.position === position && prev.to + 1n === at) out[out.length - 1] = { ...prev, to };
    else out.push({ from: at, to, position });
  }
  return out;
}

/** A binary heap of spans by position. */
class MinHeap {
  private readonly items: { to: bigint; position: number }[] = [];
  get size(): number {
    return this.items.length;
  }
  top(): { to: bigint; position: number } {
    return this.items[0]!;
  }
  push(x: { to: bigint; position: number }): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.position <= a[i]!.position) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): void {
    const a = this.items;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l]!.position < a[m]!.position) m = l;
      if (r < a.length && a[r]!.position < a[m]!.position) m = r;
      if (m === i) break;
      [a[m], a[i]] = [a[i]!, a[m]!];
      i = m;
    }
  }
}

/** The 0-based position of the first rule of the run whose set holds `value`, or -1. */
export function firstCovering(run: RuleRun, value: bigint): number {
  const segs = run.segments;
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid]!.to < value) lo = mid + 1;
    else hi = mid;
  }
  const s = segs[lo];
  return s !== undefined && s.from <= value ? s.position : -1;
}

/** The positions of the run's rules that are first to match some value of `values` (sorted disjoint spans). */
export function positionsWithin(run: RuleRun, values: readonly Span[]): Set<number> {
  const out = new Set<number>();
  let j = 0;
  for (const s of run.segments) {
    while (j < values.length && values[j]!.to < s.from) j++;
    if (j < values.length && values[j]!.from <= s.to) out.add(s.position);
  }
  return out;
}

/**
 * For a rule of the run that is first to match no value (every value it holds is held by an earlier rule of the
 * run), the 0-based positions of those earlier rules; null when it is first for some value.
 */
export function shadowersInRun(run: RuleRun, position: number, rule: Rule): number[] | null {
  if (run.segments.some((s) => s.position === position)) return null;
  const own = spansOf(rule.matches[run.at]!);
  const out = new Set<number>();
  for (const s of run.segments) if (own.some((o) => o.from <= s.to && s.from <= o.to)) out.add(s.position);
  return [...out].sort((a, b) => a - b);
}

/** The packet's value of a run's field. */
function fieldValue(field: RunField, p: Packet): bigint {
  return field === 'dport' ? BigInt(p.dport) : addrToBig(field === 'dst' ? p.dst : p.src);
}

/**
 * The 0-based position of the first rule of the run that matches p, -1 when none does, or null when a shared match
 * cannot be evaluated (the walk then goes rule by rule, and stops where that one says so). A rule that holds p's value
 * and still does not match p fails on what all rules of the run share (the protocol its port module needs, the
 * address family), so no rule of the run matches.
 */
export function firstInRun(run: RuleRun, rules: readonly { readonly test: RulePredicate }[], p: Packet): number | null {
  const common = run.commonTest(p);
  if (common === UNKNOWN) return null;
  if (common === NO_MATCH) return -1;
  const k = firstCovering(run, fieldValue(run.field, p));
  if (k < 0) return -1;
  const r = rules[k]!.test(p);
  return r === MATCH ? k : r === NO_MATCH ? -1 : null;
}
