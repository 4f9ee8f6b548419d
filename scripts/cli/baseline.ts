// `check --baseline FILE`: findings a team has looked at and accepted (an invariant's verdict on one family), so CI
// fails only on new ones; `--write-baseline FILE` records the current findings. A finding is accepted only when the
// invariant, the family and the status all match: a violation does not accept an undetermined verdict or the other
// way round, since each says something different about the pod.
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CheckReport } from '../../model/invariants/index.ts';
import type { Family } from '../../model/net/index.ts';
import { CliError } from './exit.ts';
import { type CliIo, readTextFile } from './io.ts';
import { INVARIANT_IDS } from './names.ts';
import { didYouMean } from './suggest.ts';

export const BASELINE_VERSION = 1;

export interface Finding {
  readonly invariant: string;
  readonly family: Family;
  readonly status: 'violated' | 'undetermined';
  /** Why the finding is accepted; kept when the baseline is written again. */
  readonly reason?: string;
}

export interface Baseline {
  readonly file: string;
  readonly findings: readonly Finding[];
}

/** The baseline file's JSON Schema (draft-07), checked with ajv when the file is read. */
export const BASELINE_SCHEMA = {
  type: 'object',
  required: ['version', 'findings'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    version: { const: BASELINE_VERSION },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['invariant', 'family', 'status'],
        additionalProperties: false,
        properties: {
          invariant: { type: 'string' },
          family: { enum: ['ipv4', 'ipv6'] },
          status: { enum: ['violated', 'undetermined'] },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const;

/** One key per verdict (a status other than violated or undetermined matches no baseline entry). */
export const findingKey = (f: { readonly invariant: string; readonly family: Family; readonly status: string }) =>
  `${f.invariant}/${f.family}/${f.status}`;

async function parseBaseline(text: string, file: string): Promise<Finding[]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CliError(`--baseline ${file}: not JSON (${(e as Error).message})`);
  }
  const { Ajv } = await import('ajv');
  const validate = new Ajv({ allErrors: false }).compile(BASELINE_SCHEMA);
  if (!validate(data)) {
    const err = validate.errors![0]!;
    const where = err.instancePath === '' ? 'the document' : err.instancePath;
    const allowed = 'allowedValues' in err.params ? `: ${(err.params.allowedValues as unknown[]).join(', ')}` : '';
    const extra = 'additionalProperty' in err.params ? ` (${String(err.params.additionalProperty)})` : '';
    throw new CliError(
      `--baseline ${file}: ${where} ${err.message}${allowed}${extra}; see "Baselines" in the README for the format`,
    );
  }
  const findings = (data as { findings: Finding[] }).findings;
  findings.forEach((f, i) => {
    if (!INVARIANT_IDS.includes(f.invariant) || f.invariant === 'dead-rules') {
      const ids = INVARIANT_IDS.filter((id) => id !== 'dead-rules');
      throw new CliError(
        `--baseline ${file}: /findings/${i}/invariant ${JSON.stringify(f.invariant)} is not an invariant${didYouMean(f.invariant, ids)}`,
      );
    }
  });
  return findings;
}

export async function readBaseline(file: string, io: CliIo): Promise<Baseline> {
  let text: string;
  try {
    text = await readTextFile(resolve(io.cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file (create one with --write-baseline)' : (e as Error).message;
    throw new CliError(`--baseline ${file}: ${why}`);
  }
  return { file, findings: await parseBaseline(text, file) };
}

/** Every violated or undetermined verdict of the run, in report order. */
export function currentFindings(reports: readonly CheckReport[]): Finding[] {
  return reports.flatMap((r) =>
    r.invariants.flatMap((i) =>
      i.status === 'violated' || i.status === 'undetermined'
        ? [{ invariant: i.id, family: r.family, status: i.status }]
        : [],
    ),
  );
}

/** The baseline's entries that match no current finding: accepted once, no longer found. */
export function staleFindings(baseline: Baseline, current: readonly Finding[]): Finding[] {
  const now = new Set(current.map(findingKey));
  return baseline.findings.filter((f) => !now.has(findingKey(f)));
}

export function baselineText(findings: readonly Finding[], previous?: Baseline): string {
  const reasons = new Map((previous?.findings ?? []).map((f) => [findingKey(f), f.reason]));
  const entries = findings.map((f) => {
    const reason = reasons.get(findingKey(f));
    return { invariant: f.invariant, family: f.family, status: f.status, ...(reason ? { reason } : {}) };
  });
  const doc = {
    $comment:
      'Accepted findings of sidecar-chains check (--baseline): each entry accepts one invariant verdict on one family. Add a "reason" to say why.',
    version: BASELINE_VERSION,
    findings: entries,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Before the check runs: the baseline to write must go in a folder that exists and that we may write. */
export async function checkBaselineTarget(file: string, io: CliIo): Promise<void> {
  const dir = dirname(resolve(io.cwd, file));
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error();
    await access(dir, constants.W_OK);
  } catch {
    throw new CliError(`--write-baseline ${file}: ${dir} is not a folder we can write`);
  }
}

export async function writeBaseline(file: string, text: string, io: CliIo): Promise<void> {
  try {
    await writeFile(resolve(io.cwd, file), text);
  } catch (e) {
    throw new CliError(`--write-baseline ${file}: ${(e as Error).message}`);
  }
}
