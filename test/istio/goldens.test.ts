// The generator reproduces each of Istio's 18 shared goldens byte for byte from the case's configuration JSON
// (master, 86c9f01), and its rulesets are the ones the project's parser reads from the golden.
import { describe, expect, test } from 'vitest';
import { dryRun, generate, NEWEST_VERSION, planRulesets } from '../../model/istio/index.ts';
import { parseDumpOrThrow, stripPositions } from '../../model/rules/index.ts';
import { GOLDEN_CASES, goldenConfig, readGolden } from './helpers.ts';

describe.each(GOLDEN_CASES)('%s', (name) => {
  const result = generate(goldenConfig(name), NEWEST_VERSION);

  test('the dry-run log is the golden, byte for byte', () => {
    expect(result.ok && dryRun(result.plan)).toBe(readGolden(name));
  });

  test('the rulesets are the parsed golden', () => {
    if (!result.ok) throw new Error(result.reasons.join('; '));
    expect(planRulesets(result.plan).map(stripPositions)).toEqual(
      parseDumpOrThrow(readGolden(name)).rulesets.map(stripPositions),
    );
  });
});
