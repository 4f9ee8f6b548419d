// `check --format sarif`: a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) for
// code scanning. The rules are the invariants and the dead-rules lint; each violation is a result located at the rule
// lines of the dump its counterexample went through, an undetermined verdict an "open" result (the tool could not
// tell), each dead rule a note at its line, and each rule the lint cannot call dead an "open" result at its line with
// why. The parser's warnings are tool notifications. A finding the baseline accepts is still reported, suppressed, so
// code scanning shows it as dismissed rather than forgetting it.
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CAPTURE_CHECK,
  type Counterexample,
  DEAD_RULES_LINT,
  describeConnection,
  INVARIANTS,
  type InvariantReport,
} from '../../../model/invariants/index.ts';
import type { Family } from '../../../model/net/index.ts';
import { type CheckOutcome, DOUBT_HEADLINE, isAccepted } from '../check-outcome.ts';
import type { CliIo } from '../io.ts';
import { replayCommand } from '../replay.ts';
import { packageVersion } from '../version.ts';
import { counterexampleLocations, type RuleLocation } from './rule-locations.ts';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const RULES = [
  { id: CAPTURE_CHECK.id, statement: CAPTURE_CHECK.statement, scope: CAPTURE_CHECK.scope, level: 'error' },
  ...INVARIANTS.map((i) => ({ id: i.id as string, statement: i.statement, scope: i.scope, level: 'error' })),
  { id: DEAD_RULES_LINT.id, statement: DEAD_RULES_LINT.statement, scope: DEAD_RULES_LINT.scope, level: 'note' },
];
const RULE_INDEX = new Map(RULES.map((r, i) => [r.id, i]));

/**
 * A file given on the command line as a URI relative to where the command ran (%SRCROOT%: code scanning resolves it
 * against the checkout, so run the check from the repository's root), or a file: URI when it lies outside.
 */
function artifactUri(file: string, io: CliIo): { uri: string; uriBaseId?: string } {
  const abs = pathToFileURL(file.startsWith('/') ? file : `${io.cwd}/${file}`);
  const rel = relative(io.cwd, abs.pathname);
  if (rel.startsWith('..') || rel.startsWith(sep)) return { uri: abs.href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function makeLocator(o: CheckOutcome, io: CliIo) {
  const artifact = o.rules.source === 'file' ? artifactUri(o.rules.label, io) : undefined;
  return (at: RuleLocation, message?: string) => {
    const name = artifact ? at.name : `${o.rules.label}:${at.line} ${at.name}`.trim();
    return {
      ...(artifact
        ? {
            physicalLocation: {
              artifactLocation: { ...artifact, index: 0 },
              region: { startLine: at.line, startColumn: at.column },
            },
          }
        : {}),
      // Without a file (a profile, standard input) the rule's name and line are all a reader can be given.
      ...(name ? { logicalLocations: [{ fullyQualifiedName: name, kind: 'member' }] } : {}),
      ...(message ? { message: { text: message } } : {}),
    };
  };
}

function findingResult(
  o: CheckOutcome,
  family: Family,
  r: InvariantReport,
  cx: Counterexample | undefined,
  locate: ReturnType<typeof makeLocator>,
) {
  const violated = r.status === 'violated';
  const where = cx ? counterexampleLocations(o.rules, family, cx) : { all: [] };
  const sentence = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`);
  const text = [
    sentence(`${r.id} (${family}) is ${violated ? 'violated' : 'undetermined'}: ${cx?.why ?? r.reason ?? ''}`.trim()),
    ...(cx
      ? [
          sentence(`Connection: ${describeConnection(cx.connection)}`),
          `Replay: ${replayCommand(o.rules, o.pod, cx.connection)}`,
        ]
      : []),
  ].join(' ');
  const accepted = isAccepted(o, family, r);
  return {
    ruleId: r.id,
    ruleIndex: RULE_INDEX.get(r.id)!,
    // "open": the tool could not determine whether the result is a failure (SARIF 2.1.0, result.kind).
    kind: violated ? 'fail' : 'open',
    level: violated ? 'error' : 'none',
    message: { text },
    ...(where.primary ? { locations: [locate(where.primary)] } : {}),
    ...(where.all.length > 0
      ? { relatedLocations: where.all.map((at, id) => ({ id, ...locate(at, `${at.name}: ${at.rule}`) })) }
      : {}),
    partialFingerprints: { 'sidecarChainsFinding/v1': `${r.id}/${family}/${r.status}` },
    ...(o.baseline ? { baselineState: accepted ? 'unchanged' : 'new' } : {}),
    ...(accepted
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `accepted by ${o.baseline!.file}` }] }
      : {}),
    properties: {
      family,
      ...(cx
        ? { connection: describeConnection(cx.connection), replay: replayCommand(o.rules, o.pod, cx.connection) }
        : {}),
    },
  };
}

export function checkSarif(o: CheckOutcome, io: CliIo) {
  const locate = makeLocator(o, io);
  const results: object[] = [];
  for (const report of o.reports) {
    // A family that captures nothing fails outright: there is no rule line to point at, only the dump.
    if (report.capture.kind === 'not-captured') {
      results.push({
        ruleId: CAPTURE_CHECK.id,
        ruleIndex: RULE_INDEX.get(CAPTURE_CHECK.id)!,
        kind: 'fail',
        level: 'error',
        message: { text: `not captured (${report.family}): ${report.capture.why}` },
        partialFingerprints: { 'sidecarChainsFinding/v1': `capture/${report.family}/not-captured` },
        ...(o.baseline ? { baselineState: 'new' } : {}),
        properties: { family: report.family },
      });
    }
    // A capture switched off without a configuration saying so: the dump as a whole, like the above.
    const doubts = o.session.doubts.filter((d) => d.family === report.family);
    if (doubts.length > 0) {
      results.push({
        ruleId: CAPTURE_CHECK.id,
        ruleIndex: RULE_INDEX.get(CAPTURE_CHECK.id)!,
        kind: 'fail',
        level: 'error',
        message: {
          text: `capture switched off (${report.family}): ${DOUBT_HEADLINE}: ${doubts.map((d) => d.text).join('; ')}`,
        },
        partialFingerprints: {
          'sidecarChainsFinding/v1': `capture/${report.family}/capture-off/${doubts.map((d) => d.kind).join('+')}`,
        },
        ...(o.baseline ? { baselineState: 'new' } : {}),
        properties: { family: report.family, captureOff: doubts.map((d) => d.kind) },
      });
    }
    for (const inv of report.invariants) {
      if (inv.status === 'violated' || inv.status === 'undetermined')
        results.push(findingResult(o, report.family, inv, inv.counterexample, locate));
    }
  }
  if (o.lint) {
    for (const report of o.reports) {
      const ruleLocation = (d: { table: string; chain: string; index: number; rule: string }) => {
        const pos = o.rules.rulesets
          .find((rs) => rs.family === report.family)
          ?.tables.find((t) => t.name === d.table)
          ?.chains.find((c) => c.name === d.chain)?.rules[d.index - 1]?.pos;
        return (
          pos && { line: pos.line, column: pos.column, name: `${d.table} ${d.chain} rule ${d.index}`, rule: d.rule }
        );
      };
      type LintRule = Parameters<typeof ruleLocation>[0];
      /** One result of the dead-rules lint at its rule's line: `fail` for a dead rule, `open` for one it cannot call. */
      const lintResult = (d: LintRule, kind: 'fail' | 'open', text: string, fingerprint: string, extra = {}) => {
        const at = ruleLocation(d);
        results.push({
          ruleId: DEAD_RULES_LINT.id,
          ruleIndex: RULE_INDEX.get(DEAD_RULES_LINT.id)!,
          kind,
          level: kind === 'fail' ? 'note' : 'none',
          message: { text },
          ...(at ? { locations: [locate(at)] } : {}),
          partialFingerprints: { 'sidecarChainsFinding/v1': fingerprint },
          properties: { family: report.family, ...extra },
        });
      };
      for (const d of report.deadRules) {
        lintResult(
          d,
          'fail',
          `${d.table} ${d.chain} rule ${d.index} (${report.family}) is dead: ${d.explanation}`,
          `dead-rules/${report.family}/${d.table}/${d.chain}/${d.rule}`,
        );
      }
      // A rule no walk reached that the lint cannot prove dead: "open" (the tool could not determine whether it is a
      // failure, SARIF 2.1.0 result.kind), so a reader never deletes it on the lint's word; its why says what is missing.
      for (const u of report.undecidedRules) {
        lintResult(
          u,
          'open',
          `${u.table} ${u.chain} rule ${u.index} (${report.family}): no walk reached it, but the lint cannot call it dead: ${u.why}`,
          `dead-rules/${report.family}/${u.table}/${u.chain}/${u.rule}/cannot-tell`,
          { cannotTell: true },
        );
      }
    }
  }
  const notes = [
    ...o.rules.warnings.map((w) => ({ code: w.code, line: w.line, column: w.column, message: w.message })),
    ...o.rules.refusals.map((r) => ({
      code: r.code,
      line: r.line,
      column: r.column,
      message: `${r.backends.join(', ')} would refuse to load this: ${r.message}`,
    })),
  ];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sidecar-chains',
            version: packageVersion(),
            rules: RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.statement },
              fullDescription: { text: `${r.statement} Scope: ${r.scope}.` },
              defaultConfiguration: { level: r.level },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            exitCode: o.exitCode,
            toolExecutionNotifications: notes.map((n) => ({
              level: 'warning',
              descriptor: { id: n.code },
              message: { text: n.message },
              locations: [locate({ line: n.line, column: n.column, name: '', rule: '' })],
            })),
          },
        ],
        ...(o.rules.source === 'file' ? { artifacts: [{ location: artifactUri(o.rules.label, io) }] } : {}),
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          rules: o.rules.label,
          envoyBehaviour: o.pod.envoy.profile,
          capture: o.reports.map((r) => ({ family: r.family, ...r.capture })),
          verdicts: o.reports.flatMap((r) =>
            r.invariants.map((i) => ({ invariant: i.id, family: r.family, status: i.status })),
          ),
        },
      },
    ],
  };
}
