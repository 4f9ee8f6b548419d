// capture-off and drop-invalid (model/invariants/capture-off.ts): what a configuration that captures nothing still
// asks. On the capture-nothing goldens with their configuration both hold; the mutants that add capture for a
// process, or break drop-invalid's INVALID drop, are killed by them; on the profiles (both directions captured, no
// DROP_INVALID) neither applies, each saying why.
import { describe, expect, it } from 'vitest';
import { configuredWorldOptions, intentOf, NO_NAMES } from '../../model/configured/index.ts';
import { checkWorld, type InvariantId } from '../../model/invariants/index.ts';
import { NEWEST_VERSION } from '../../model/istio/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { worldFor } from '../helpers/world.ts';
import { goldenConfig, readGolden } from '../istio/helpers.ts';
import { goldenMutationAnalysis } from '../mutation/golden-mutation.ts';

const IDS: InvariantId[] = ['capture-off', 'drop-invalid'];

function verdicts(name: string) {
  const config = goldenConfig(name);
  const rs = parseDumpOrThrow(readGolden(name)).rulesets.find((r) => r.family === 'ipv4')!;
  const { options } = configuredWorldOptions(config, NEWEST_VERSION, NO_NAMES);
  const intent = intentOf(config, NEWEST_VERSION, 'ipv4', NO_NAMES).intent;
  const world = makeWorld({ rulesets: { ipv4: rs }, ...options });
  return Object.fromEntries(
    checkWorld(world, { intent, lint: false, only: IDS }).invariants.map((i) => [i.id, i.status]),
  );
}

describe('on the capture-nothing goldens with their configuration', () => {
  it('drop-invalid (-i, -b empty, DROP_INVALID): both hold', () => {
    expect(verdicts('drop-invalid')).toEqual({ 'capture-off': 'holds', 'drop-invalid': 'holds' });
  });

  it('basic-exclude-nic (-i, -b empty, -c not-istio-nic): capture-off holds; no INVALID drop is asked', () => {
    expect(verdicts('basic-exclude-nic')).toEqual({ 'capture-off': 'holds', 'drop-invalid': 'not-applicable' });
  });

  it('inbound-ports-tproxy (-i empty, TPROXY): the proxy gid`s call to the pod IP is TPROXY`s, not a violation', () => {
    expect(verdicts('inbound-ports-tproxy')['capture-off']).toBe('holds');
  });
});

// Former survivors of the drop-invalid golden's mutation suite (43.6% before these invariants).
const KILLERS: Record<string, InvariantId> = {
  // The INVALID drop deleted, or turned into a drop of everything but INVALID.
  'delete mangle PREROUTING#1': 'drop-invalid',
  'negation mangle PREROUTING#1: add ! on conntrack': 'drop-invalid',
  // A process with the proxy's gid but another uid sent to 15001, or to 15006, with outbound capture off.
  'jump-target nat ISTIO_OUTPUT#7: RETURN -> jump ISTIO_REDIRECT': 'capture-off',
  'delete nat ISTIO_OUTPUT#3': 'capture-off',
  // Envoy's upstream connection to a remote pod sent to 15006.
  'negation nat ISTIO_OUTPUT#2: add ! on out-interface': 'capture-off',
  // Envoy's call to its own pod IP hairpinned to a port where nothing listens.
  'port nat ISTIO_IN_REDIRECT#1: --to-ports 15006 -> 15007': 'capture-off',
};

describe('drop-invalid (ipv4): what the configuration asks is held', () => {
  const summary = goldenMutationAnalysis('drop-invalid', 'ipv4', (m) => m.id in KILLERS);
  it.each(Object.entries(KILLERS))('%s is killed by %s', (mutantId, invariant) => {
    const r = [...summary.killed, ...summary.survived, ...summary.equivalent].find((x) => x.mutant.id === mutantId);
    expect(r, `no mutant ${mutantId}`).toBeDefined();
    expect(r!.killedBy).toContain(invariant);
  });
});

describe('where they do not apply', () => {
  it('a profile captures both directions and drops no INVALID packet', () => {
    const report = checkWorld(worldFor('istio-1.25'), { lint: false, only: IDS });
    expect(report.invariants.map((i) => [i.id, i.status, i.reason])).toEqual([
      [
        'capture-off',
        'not-applicable',
        'the configuration captures both directions: the capture invariants judge what it captures',
      ],
      [
        'drop-invalid',
        'not-applicable',
        'the configuration does not drop INVALID packets (DROP_INVALID off, or an Istio before 1.13)',
      ],
    ]);
  });
});
