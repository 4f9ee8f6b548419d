// `check --format junit`: JUnit XML as CI servers read it (the Ant/Surefire format; Jenkins' xUnit plugin checks it
// with junit-10.xsd, test/fixtures/formats/). One test suite per family, one test case per invariant: a violation is
// a <failure>, an undetermined verdict an <error> (the check could not run to a verdict), an invariant that does not
// apply or a finding the baseline accepts is <skipped> with the reason. The dead-rules lint is a passing test case
// whose output lists the dead rules; the parser's warnings are the suite's <system-err>. A family whose rules capture
// nothing has a failing "capture" test case first (never a suite that passes with nothing to hold).
import { describeConnection, type InvariantReport } from '../../../model/invariants/index.ts';
import { renderTraceText } from '../../../model/trace/index.ts';
import { type CheckOutcome, DOUBT_HEADLINE, isAccepted } from '../check-outcome.ts';
import { replayCommand } from '../replay.ts';

/** XML 1.0 has no escape for most control characters: they are dropped (a dump has none but TAB and newline). */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xml(String(v))}"`)
    .join('');

function testcase(o: CheckOutcome, family: CheckOutcome['reports'][number]['family'], r: InvariantReport): string {
  const head = `    <testcase${attrs({ name: r.id, classname: `sidecar-chains.${family}` })}`;
  const cx = r.counterexample;
  const details = cx
    ? [
        r.statement,
        `connection  ${describeConnection(cx.connection)}`,
        `why         ${cx.why}`,
        `replay      ${replayCommand(o.rules, o.pod, cx.connection)}`,
        '',
        renderTraceText(cx.trace).trimEnd(),
      ].join('\n')
    : r.statement;
  if (isAccepted(o, family, r)) {
    const message = `${r.status}, accepted by the baseline ${o.baseline!.file}: ${cx?.why ?? r.reason ?? ''}`;
    return `${head}>\n      <skipped${attrs({ message })}>${xml(details)}</skipped>\n    </testcase>`;
  }
  switch (r.status) {
    case 'holds':
      return `${head}/>`;
    case 'not-applicable':
      return `${head}>\n      <skipped${attrs({ message: `not applicable: ${r.reason ?? ''}` })}/>\n    </testcase>`;
    case 'violated':
      return `${head}>\n      <failure${attrs({ type: 'violated', message: cx?.why ?? '' })}>${xml(details)}</failure>\n    </testcase>`;
    case 'undetermined':
      return `${head}>\n      <error${attrs({ type: 'undetermined', message: r.reason ?? cx?.why ?? '' })}>${xml(details)}</error>\n    </testcase>`;
    default: {
      const never: never = r.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

export function checkJunit(o: CheckOutcome): string {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0 };
  const warnings = o.rules.warnings.map(
    (w) => `${o.rules.label}:${w.line}:${w.column}: warning[${w.code}]: ${w.message}`,
  );
  for (const report of o.reports) {
    const cases = report.invariants.map((i) => testcase(o, report.family, i));
    const doubts = o.session.doubts.filter((d) => d.family === report.family);
    // Nothing captured, or (without a configuration) a capture switched off: the capture test case fails.
    const captureFailure =
      report.capture.kind === 'not-captured'
        ? { type: 'not-captured', message: report.capture.why }
        : doubts.length > 0
          ? { type: 'capture-off', message: `${DOUBT_HEADLINE}: ${doubts.map((d) => d.text).join('; ')}` }
          : undefined;
    cases.unshift(
      `    <testcase${attrs({ name: 'capture', classname: `sidecar-chains.${report.family}` })}` +
        (captureFailure ? `>\n      <failure${attrs(captureFailure)}/>\n    </testcase>` : '/>'),
    );
    const counted = report.invariants.filter((i) => !isAccepted(o, report.family, i));
    const failures = counted.filter((i) => i.status === 'violated').length + (captureFailure ? 1 : 0);
    const errors = counted.filter((i) => i.status === 'undetermined').length;
    const skipped =
      report.invariants.length - counted.length + counted.filter((i) => i.status === 'not-applicable').length;
    if (o.lint) {
      const dead = report.deadRules.map((d) => `${d.table} ${d.chain} rule ${d.index}: ${d.rule}\n  ${d.explanation}`);
      const undecided = report.undecidedRules.map(
        (u) => `${u.table} ${u.chain} rule ${u.index}: ${u.rule}\n  cannot tell: ${u.why}`,
      );
      const lines = [
        dead.length > 0 ? `${dead.length} dead rules (a lint, never failing)\n${dead.join('\n')}` : 'no dead rules',
        ...(undecided.length > 0
          ? [`${undecided.length} rules no walk reached that the lint cannot call dead\n${undecided.join('\n')}`]
          : []),
      ];
      cases.push(
        `    <testcase${attrs({ name: 'dead-rules', classname: `sidecar-chains.${report.family}` })}>\n` +
          `      <system-out>${xml(lines.join('\n'))}</system-out>\n    </testcase>`,
      );
    }
    const tests = cases.length;
    total.tests += tests;
    total.failures += failures;
    total.errors += errors;
    suites.push(
      `  <testsuite${attrs({ name: `${o.rules.label} (${report.family})`, tests, failures, errors, skipped })}>\n` +
        `${cases.join('\n')}\n` +
        (warnings.length > 0 ? `    <system-err>${xml(warnings.join('\n'))}</system-err>\n` : '') +
        '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'sidecar-chains check', ...total })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
