// CI formats of `check`: SARIF 2.1.0 validated against OASIS's JSON schema, JUnit XML validated against the XSD
// Jenkins' xUnit plugin uses (both in test/fixtures/formats, with provenance), and baselines. The expected lines are
// found in the fixture's text here, never taken from the output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft4Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../model/invariants/index.ts';
import { fixture, ROOT, runCli, STACK_LINE, spawnCli, validJson } from './helpers.ts';

const FORMATS = join(ROOT, 'test', 'fixtures', 'formats');
const BROKEN = 'test/cli/fixtures/istio-1.10-without-rules-4-and-7.rules';
const STATISTIC = 'test/cli/fixtures/istio-1.25-statistic.rules';

const tmp = mkdtempSync(join(tmpdir(), 'sidecar-chains-ci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Both are CommonJS modules whose export is also their `default` property.
const AjvDraft4 = AjvDraft4Module.default;
const addFormats = addFormatsModule.default;

const sarifSchema = (() => {
  const ajv = new AjvDraft4({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(FORMATS, 'sarif-schema-2.1.0.json'), 'utf8')));
})();

// biome-ignore lint/suspicious/noExplicitAny: a SARIF log read back for assertions after it passed the schema
function validSarif(text: string): any {
  const doc: unknown = JSON.parse(text);
  if (!sarifSchema(doc)) throw new Error(`not SARIF 2.1.0: ${JSON.stringify(sarifSchema.errors, null, 2)}`);
  return doc;
}

function junitErrors(text: string): string | null {
  const xsd = XmlDocument.fromString(readFileSync(join(FORMATS, 'junit-10.xsd'), 'utf8'));
  const validator = XsdValidator.fromDoc(xsd);
  const doc = XmlDocument.fromString(text);
  try {
    validator.validate(doc);
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    doc.dispose();
    validator.dispose();
    xsd.dispose();
  }
}

/** 1-based line of the first line of the file that starts with `start`. */
function lineOf(file: string, start: string): number {
  const i = readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.startsWith(start));
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

describe('check --format sarif', () => {
  it('the real process: a valid SARIF 2.1.0 log, rules = the invariants, results at the rule lines of the dump', async () => {
    const r = await spawnCli(['check', BROKEN, '--format', 'sarif']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const log = validSarif(r.stdout);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual([
      'capture',
      ...INVARIANTS.map((i) => i.id),
      'dead-rules',
    ]);
    expect(run.invocations[0].exitCode).toBe(1);
    const loop = run.results.find((x: { ruleId: string }) => x.ruleId === 'proxy-no-loop');
    expect(loop).toMatchObject({ kind: 'fail', level: 'error' });
    expect(run.tool.driver.rules[loop.ruleIndex].id).toBe('proxy-no-loop');
    // Envoy's own connection falls through to ISTIO_REDIRECT once rules 4 and 7 are gone.
    const at = loop.locations[0].physicalLocation;
    expect(at.artifactLocation).toMatchObject({ uri: BROKEN, uriBaseId: '%SRCROOT%' });
    expect(at.region.startLine).toBe(lineOf(BROKEN, '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001'));
    const related = loop.relatedLocations.map(
      (l: { physicalLocation: { region: { startLine: number } } }) => l.physicalLocation.region.startLine,
    );
    expect(related).toContain(lineOf(BROKEN, '-A OUTPUT -p tcp -j ISTIO_OUTPUT'));
    expect(loop.message.text).toContain(`Replay: sidecar-chains trace ${BROKEN} --actor envoy`);
    // The dead-rules lint: a note at the dead rule's line.
    const dead = run.results.find((x: { ruleId: string }) => x.ruleId === 'dead-rules');
    expect(dead).toMatchObject({ kind: 'fail', level: 'note' });
    expect(dead.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it('undetermined verdicts and the rules the lint cannot call dead are "open" results at their rules; warnings are notifications', async () => {
    const r = await runCli(['check', STATISTIC, '--format', 'sarif']);
    expect(r.code).toBe(3);
    const run = validSarif(r.stdout).runs[0];
    const open = run.results.filter((x: { kind: string }) => x.kind === 'open');
    const verdicts = open.filter((x: { ruleId: string }) => x.ruleId !== 'dead-rules');
    expect(verdicts.length).toBe(3);
    const statisticLine = lineOf(STATISTIC, '-A ISTIO_OUTPUT -m statistic');
    for (const x of verdicts) {
      expect(x.level).toBe('none');
      expect(x.locations[0].physicalLocation.region.startLine).toBe(statisticLine);
    }
    // The lint's "cannot tell" rules (past the statistic rule): open results at their own lines, with why.
    const cannotTell = open.filter((x: { ruleId: string }) => x.ruleId === 'dead-rules');
    expect(
      cannotTell.map((x: { locations: { physicalLocation: { region: { startLine: number } } }[] }) => [
        x.locations[0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual([[statisticLine], [lineOf(STATISTIC, '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001')]]);
    expect(cannotTell[0].message.text).toMatch(
      /^nat ISTIO_OUTPUT rule 9 \(ipv4\): no walk reached it, but the lint cannot call it dead: the model does not evaluate/,
    );
    expect(cannotTell[1].message.text).toContain('walks that could reach it stop at a rule the model cannot evaluate');
    const notes = run.invocations[0].toolExecutionNotifications;
    expect(notes.map((n: { descriptor: { id: string } }) => n.descriptor.id)).toEqual(['unsupported-match']);
    expect(notes[0].locations[0].physicalLocation.region.startLine).toBe(statisticLine);
  });

  it('rules from a profile or standard input: logical locations naming the line, no file', async () => {
    for (const args of [['--profile', 'istio-1.4'], ['-']]) {
      const stdin = args[0] === '-' ? readFileSync(fixture('istio-1.10-without-rules-4-and-7.rules'), 'utf8') : '';
      const r = await runCli(['check', ...args, '--format', 'sarif'], { stdin });
      expect(r.code).toBe(1);
      const run = validSarif(r.stdout).runs[0];
      expect(run.artifacts).toBeUndefined();
      const first = run.results[0].locations[0];
      expect(first.physicalLocation).toBeUndefined();
      expect(first.logicalLocations[0].fullyQualifiedName).toMatch(
        /^(profile istio-1\.4|<stdin>):\d+ nat \S+ rule \d+$/,
      );
    }
  });

  it('a file outside the working folder is a file: URI', async () => {
    const r = await runCli(['check', fixture('istio-1.10-without-rules-4-and-7.rules'), '--format', 'sarif'], {
      cwd: tmp,
    });
    const run = validSarif(r.stdout).runs[0];
    expect(run.artifacts[0].location.uri).toBe(`file://${fixture('istio-1.10-without-rules-4-and-7.rules')}`);
  });
});

describe('check --format junit', () => {
  it('the real process: valid against junit-10.xsd; a violation is a <failure>, not applicable is <skipped>', async () => {
    const r = await spawnCli(['check', '--profile', 'istio-1.4', '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(junitErrors(r.stdout)).toBeNull();
    // 29 invariants, the capture check (passing) and the dead-rules lint; istio-1.4's one violation is metrics-bypass
    // (its -d lists 15090 and 15020, not Envoy's admin path). Skipped: app-self-bypass and uid-self-bypass (before
    // 1.5), tunnel-bypass (no tunnel port), the three configuration-scoped invariants (default injection), the four
    // DNS ones (no DNS capture), the two interface ones (no -c, no -k), tproxy-gid-self-inbound (REDIRECT mode)
    // owner-groups (every group captured), dual-stack-parity (IPv4 rules alone), capture-off (both directions
    // captured) and drop-invalid (no DROP_INVALID).
    expect(r.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="sidecar-chains check" tests="31" failures="1" errors="0">/,
    );
    expect(r.stdout).toContain(
      '<testsuite name="profile istio-1.4 (ipv4)" tests="31" failures="1" errors="0" skipped="17">',
    );
    expect(r.stdout).toContain('<testcase name="capture" classname="sidecar-chains.ipv4"/>');
    expect(r.stdout.match(/<failure type="violated" message="/g)?.length).toBe(1);
    expect(r.stdout.match(/<skipped message="not applicable: /g)?.length).toBe(17);
  });

  it('undetermined verdicts are <error>s; warnings go to <system-err>; markup in names is escaped', async () => {
    const r = await runCli(['check', STATISTIC, '--format', 'junit']);
    expect(r.code).toBe(3);
    expect(junitErrors(r.stdout)).toBeNull();
    expect(r.stdout.match(/<error type="undetermined" message="/g)?.length).toBe(3);
    // The dead-rules test case's output lists the rules the lint cannot call dead, each with why.
    expect(r.stdout).toContain('2 rules no walk reached that the lint cannot call dead\nnat ISTIO_OUTPUT rule 9: ');
    expect(r.stdout).toContain('  cannot tell: walks that could reach it stop at a rule the model cannot evaluate');
    expect(r.stdout).toMatch(
      /<system-err>test\/cli\/fixtures\/istio-1\.25-statistic\.rules:\d+:\d+: warning\[unsupported-match\]/,
    );
    const odd = join(tmp, 'a<b>&"c.rules');
    writeFileSync(odd, readFileSync(join(ROOT, STATISTIC), 'utf8'));
    const c = await runCli(['check', odd, '--format', 'junit']);
    expect(junitErrors(c.stdout)).toBeNull();
    expect(c.stdout).toContain('a&lt;b&gt;&amp;&quot;c.rules (ipv4)');
  });

  it('the validator rejects what the XSD forbids (so a pass means something)', () => {
    expect(junitErrors('<testsuites><testsuite name="x"/></testsuites>')).toMatch(/tests|failures|errors/);
  });
});

describe('check --baseline and --write-baseline', () => {
  it('the real process: --write-baseline records the findings and exits 0; --baseline FILE then passes', async () => {
    const file = join(tmp, 'written.json');
    const w = await spawnCli(['check', BROKEN, '--write-baseline', file]);
    expect(w.code).toBe(0);
    expect(w.stderr).toBe(`wrote ${file}: 6 accepted findings\n`);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.version).toBe(1);
    expect(written.findings).toContainEqual({ invariant: 'proxy-no-loop', family: 'ipv4', status: 'violated' });
    const again = await spawnCli(['check', BROKEN, '--baseline', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`baseline: ${file} accepts 6 of the 6 findings; 0 new`);
    expect(again.stdout).toContain('verdict: 6 violated, 9 hold, 14 not applicable (exit 0)');
  });

  it('a finding the baseline does not accept fails the check; its JSON says which are accepted', async () => {
    const file = join(tmp, 'partial.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        findings: [{ invariant: 'proxy-no-loop', family: 'ipv4', status: 'violated', reason: 'known' }],
      }),
    );
    const r = await runCli(['check', BROKEN, '--baseline', file, '--json']);
    expect(r.code).toBe(1);
    const doc = validJson<{ summary: { accepted: number }; invariants: { id: string; accepted?: boolean }[] }>(
      'check',
      r.stdout,
    );
    expect(doc.summary.accepted).toBe(1);
    expect(doc.invariants.filter((i) => i.accepted).map((i) => i.id)).toEqual(['proxy-no-loop']);
  });

  it('an accepted violation does not accept an undetermined verdict; entries no longer found are noted', async () => {
    // The statistic fixture leaves terminates, local-to-local and outbound-once undetermined.
    const file = join(tmp, 'status.json');
    const entry = (invariant: string, status: string) => ({ invariant, family: 'ipv4', status });
    writeFileSync(file, JSON.stringify({ version: 1, findings: [entry('terminates', 'violated')] }));
    const r = await runCli(['check', STATISTIC, '--baseline', file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`baseline: ${file} accepts 0 of the 3 findings; 3 new`);
    expect(r.stderr).toContain(
      `note: ${file} accepts terminates violated (ipv4), which this run did not find; --write-baseline ${file} drops it`,
    );
    const all = ['terminates', 'local-to-local', 'outbound-once'].map((i) => entry(i, 'undetermined'));
    writeFileSync(file, JSON.stringify({ version: 1, findings: all }));
    const accepted = await runCli(['check', STATISTIC, '--baseline', file]);
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toBe('');
  });

  it('SARIF marks accepted findings suppressed and unchanged, the rest new; JUnit skips accepted ones', async () => {
    const file = join(tmp, 'one.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, findings: [{ invariant: 'terminates', family: 'ipv4', status: 'violated' }] }),
    );
    const s = await runCli(['check', BROKEN, '--baseline', file, '--format', 'sarif']);
    const results = validSarif(s.stdout).runs[0].results.filter(
      (x: { kind: string; ruleId: string }) => x.kind === 'fail' && x.ruleId !== 'dead-rules',
    );
    const terminates = results.find((x: { ruleId: string }) => x.ruleId === 'terminates');
    expect(terminates.baselineState).toBe('unchanged');
    expect(terminates.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: `accepted by ${file}` },
    ]);
    expect(results.filter((x: { baselineState: string }) => x.baselineState === 'new').length).toBe(5);
    const j = await runCli(['check', BROKEN, '--baseline', file, '--format', 'junit']);
    expect(junitErrors(j.stdout)).toBeNull();
    expect(j.stdout).toMatch(
      /<testcase name="terminates" classname="sidecar-chains.ipv4">\n\s+<skipped message="violated, accepted by the baseline/,
    );
    expect(j.stdout).toContain('failures="5"');
  });

  it('--baseline FILE --write-baseline FILE updates the file and keeps each reason', async () => {
    const file = join(tmp, 'update.json');
    const old = [
      { invariant: 'terminates', family: 'ipv4', status: 'violated', reason: 'ticket 12' },
      { invariant: 'inbound-once', family: 'ipv6', status: 'violated', reason: 'gone' },
    ];
    writeFileSync(file, JSON.stringify({ version: 1, findings: old }));
    const r = await runCli(['check', BROKEN, '--baseline', file, '--write-baseline', file]);
    expect(r.code).toBe(0);
    const findings = JSON.parse(readFileSync(file, 'utf8')).findings;
    expect(findings.length).toBe(6);
    expect(findings).toContainEqual(old[0]);
    expect(findings).not.toContainEqual(old[1]);
  });

  it('a bad baseline is exit 2 with one clear line, before the check runs', async () => {
    const cases: [string, string, RegExp][] = [
      ['missing.json', '', /--baseline .*missing\.json: no such file \(create one with --write-baseline\)/],
      ['notjson.json', '{', /--baseline .*notjson\.json: not JSON/],
      ['version.json', '{"version":2,"findings":[]}', /\/version must be equal to constant/],
      [
        'status.json',
        '{"version":1,"findings":[{"invariant":"terminates","family":"ipv4","status":"holds"}]}',
        /\/findings\/0\/status must be equal to one of the allowed values: violated, undetermined/,
      ],
      [
        'typo.json',
        '{"version":1,"findings":[{"invariant":"terminate","family":"ipv4","status":"violated"}]}',
        /"terminate" is not an invariant \(did you mean terminates\?\)/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const file = join(tmp, name);
      if (text) writeFileSync(file, text);
      const r = await runCli(['check', BROKEN, '--baseline', file]);
      expect(r.code, name).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
    const w = await runCli(['check', BROKEN, '--write-baseline', join(tmp, 'no', 'such', 'dir.json')]);
    expect(w.code).toBe(2);
    expect(w.stdout).toBe('');
    expect(w.stderr).toContain('is not a folder we can write');
  });

  it('--json and --format conflict; an unknown format gets a did-you-mean', async () => {
    const both = await runCli(['check', BROKEN, '--json', '--format', 'sarif']);
    expect(both.code).toBe(2);
    const typo = await runCli(['check', BROKEN, '--format', 'sarf']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean sarif?');
  });
});
