// Capture-off doubts name the link of the capture that is missing (model/configured/doubt.ts): OUTPUT's jump to
// ISTIO_OUTPUT or ISTIO_OUTPUT's to ISTIO_REDIRECT; PREROUTING's jump to ISTIO_INBOUND or ISTIO_INBOUND's to
// ISTIO_IN_REDIRECT. A REDIRECT to another port than Envoy's is no doubt: the read-back configuration names that port
// (-p, -z), Envoy still listens on 15001 and 15006, and the capture invariants are violated instead.
import { describe, expect, it } from 'vitest';
import { captureDoubts } from '../../model/configured/index.ts';
import { checkWorld } from '../../model/invariants/index.ts';
import { deleteRules, parseDumpOrThrow, type Ruleset } from '../../model/rules/index.ts';
import { profileOrThrow, worldFor } from '../helpers/world.ts';

const rules = (edit: (text: string) => string): Ruleset =>
  parseDumpOrThrow(edit(profileOrThrow('istio-1.25').rulesText)).rulesets[0]!;
const without = (line: string) => (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== line)
    .join('\n');
const texts = (rs: Ruleset) => captureDoubts([rs], '1.25').map((d) => `${d.kind}: ${d.text}`);

describe('the missing link is named', () => {
  it('OUTPUT no longer jumps to ISTIO_OUTPUT', () => {
    expect(texts(rules(without('-A OUTPUT -j ISTIO_OUTPUT')))).toEqual([
      "no-outbound-capture: no outbound capture: OUTPUT does not jump to ISTIO_OUTPUT, so no outbound rule applies, where Istio 1.25's default injection captures all outbound TCP (-i '*')",
    ]);
  });

  it('ISTIO_OUTPUT no longer jumps to ISTIO_REDIRECT', () => {
    expect(texts(rules(without('-A ISTIO_OUTPUT -j ISTIO_REDIRECT')))).toEqual([
      "no-outbound-capture: no outbound capture: no rule of ISTIO_OUTPUT jumps to ISTIO_REDIRECT (-i '' without -q), where Istio 1.25's default injection captures all outbound TCP (-i '*')",
    ]);
  });

  it('ISTIO_INBOUND no longer jumps to ISTIO_IN_REDIRECT', () => {
    expect(texts(rules(without('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT')))).toEqual([
      "no-inbound-capture: no inbound capture: no rule of ISTIO_INBOUND jumps to ISTIO_IN_REDIRECT or TPROXY, where Istio 1.25's default injection captures every inbound port (-b '*')",
    ]);
  });

  it('PREROUTING no longer jumps to ISTIO_INBOUND', () => {
    expect(texts(rules(without('-A PREROUTING -p tcp -j ISTIO_INBOUND')))).toEqual([
      "no-inbound-capture: no inbound capture: PREROUTING does not jump to ISTIO_INBOUND (-b ''), where Istio 1.25's default injection captures every inbound port (-b '*')",
    ]);
  });
});

describe('a REDIRECT to another port is seen by the invariants, not doubted', () => {
  it('ISTIO_REDIRECT to 15002: no doubt, and outbound-once is violated (nothing listens there)', () => {
    const rs = rules((t) => t.replace('--to-ports 15001', '--to-ports 15002'));
    expect(texts(rs)).toEqual([]);
    const [r] = checkWorld(
      worldFor('istio-1.25', () => rs),
      { lint: false, only: ['outbound-once'] },
    ).invariants;
    expect(r?.status).toBe('violated');
  });

  it('the profile itself: no doubt', () => {
    expect(
      texts(
        deleteRules(
          rules((t) => t),
          'nat',
          'ISTIO_OUTPUT',
          [],
        ),
      ),
    ).toEqual([]);
  });
});
