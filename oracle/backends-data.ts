// The iptables-vs-nftables comparison (oracle/backends.ts) as data: `npm run backends` computes it once and writes
// generated/backends.json; `npm run docs` renders generated/backends.md from that file, so the docs never pay for the
// comparison (about 35 s of CPU). The file records a digest of what the comparison depends on (each configuration's
// two generated rulesets, and the source of the model and of oracle/backends.ts), so the freshness test recomputes
// only when one of them changed (test/oracle/backends-data.test.ts). Kernel results (step `--kernel`) are kept per
// difference, beside the model's trace pair, and only while the difference they confirmed is still the same.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeConnection } from '../model/invariants/index.ts';
import type { Family } from '../model/net/index.ts';
import { renderTraceText } from '../model/trace/index.ts';
import type { BackendComparison, BackendPair } from './backends.ts';

export const BACKENDS_FILE = 'backends.json';
export const BACKENDS_PRODUCER = 'npm run backends';
export const BACKENDS_VERSION = 1;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What the kernel showed for one difference's simplest connection, replayed on both backends. */
export interface KernelConfirmation {
  /** Both replays ran and each backend's hops matched the model's trace under that backend. */
  readonly confirmed: boolean;
  /** One line per hop and backend (`iptables #1: ... -> ...`), or why the replay could not run. */
  readonly iptables: readonly string[];
  readonly nft: readonly string[];
  readonly reason?: string;
}

export interface BackendsDifference {
  readonly change: string;
  readonly classes: number;
  /** The simplest connection of the group, in a reader's words (describeConnection). */
  readonly example: string;
  /** renderTraceText of the example under each backend's rules. */
  readonly iptablesTrace: string;
  readonly nftTrace: string;
  readonly kernel?: KernelConfirmation;
}

export interface BackendsFamily {
  readonly family: Family;
  readonly classes: number;
  readonly sampled: string | null;
  readonly undetermined: number;
  readonly differences: readonly BackendsDifference[];
}

export interface BackendsConfiguration {
  readonly name: string;
  readonly iptablesFamilies: readonly Family[];
  readonly families: readonly BackendsFamily[];
}

export interface BackendsInputs {
  /** sha256 of every configuration's name, iptables-save text and nft script, in name order. */
  readonly rules: string;
  /** sha256 of the source the comparison runs (CODE_DIRS and CODE_FILES), path and bytes, in path order. */
  readonly code: string;
}

export interface BackendsResults {
  readonly producer: typeof BACKENDS_PRODUCER;
  readonly version: typeof BACKENDS_VERSION;
  readonly inputs: BackendsInputs;
  readonly configurations: readonly BackendsConfiguration[];
}

/** The source whose change may change the comparison: the whole model, and the oracle files that build the pair. */
export const CODE_DIRS: readonly string[] = ['model'];
export const CODE_FILES: readonly string[] = [
  'oracle/backends.ts',
  'oracle/backends-data.ts',
  'oracle/native-nft.ts',
  'oracle/topology.ts',
];

function sourceFiles(): string[] {
  const inDirs = CODE_DIRS.flatMap((d) =>
    readdirSync(join(ROOT, d), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(d, f)),
  );
  return [...inDirs, ...CODE_FILES].map((f) => relative(ROOT, join(ROOT, f)).split('\\').join('/')).sort();
}

export function backendsInputs(pairs: readonly BackendPair[]): BackendsInputs {
  const rules = createHash('sha256');
  for (const p of [...pairs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    rules.update(`${p.name}\0${p.iptablesText}\0${p.nftScript}\0`);
  }
  const code = createHash('sha256');
  for (const f of sourceFiles()) code.update(`${f}\0${readFileSync(join(ROOT, f), 'utf8')}\0`);
  return { rules: rules.digest('hex'), code: code.digest('hex') };
}

export function backendsConfiguration(c: BackendComparison): BackendsConfiguration {
  return {
    name: c.name,
    iptablesFamilies: c.iptablesFamilies,
    families: c.families.map((d) => ({
      family: d.family,
      classes: d.classes,
      sampled: d.sampled,
      undetermined: d.undetermined,
      differences: d.groups.map((g) => ({
        change: g.change,
        classes: g.classes,
        example: describeConnection(g.example),
        iptablesTrace: renderTraceText(g.oldTrace),
        nftTrace: renderTraceText(g.newTrace),
      })),
    })),
  };
}

const withoutKernel = (d: BackendsDifference): BackendsDifference => {
  const { kernel: _, ...rest } = d;
  return rest;
};

/** The model's side of one difference, as a key: a kernel result is kept only while this is unchanged. */
export const differenceKey = (config: string, family: Family, d: BackendsDifference): string =>
  JSON.stringify([config, family, withoutKernel(d)]);

/** The document without any kernel result: what the freshness test recomputes and compares. */
export function modelPart(doc: BackendsResults): BackendsResults {
  return {
    ...doc,
    configurations: doc.configurations.map((c) => ({
      ...c,
      families: c.families.map((f) => ({ ...f, differences: f.differences.map(withoutKernel) })),
    })),
  };
}

/**
 * `fresh` (just computed, without kernel results) with every kernel result of `previous` whose difference is still
 * the same, and with the ones in `kernel` (new replays, by differenceKey) on top.
 */
export function mergeKernel(
  fresh: BackendsResults,
  previous: BackendsResults | null,
  kernel: ReadonlyMap<string, KernelConfirmation> = new Map(),
): BackendsResults {
  const kept = new Map<string, KernelConfirmation>();
  for (const c of previous?.configurations ?? []) {
    for (const f of c.families) {
      for (const d of f.differences) if (d.kernel) kept.set(differenceKey(c.name, f.family, d), d.kernel);
    }
  }
  for (const [k, v] of kernel) kept.set(k, v);
  return {
    ...fresh,
    configurations: fresh.configurations.map((c) => ({
      ...c,
      families: c.families.map((f) => ({
        ...f,
        differences: f.differences.map((d) => {
          const k = kept.get(differenceKey(c.name, f.family, d));
          return k ? { ...d, kernel: k } : d;
        }),
      })),
    })),
  };
}
