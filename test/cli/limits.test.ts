// The CLI's class-work limit (scripts/cli/limits.ts) accepts what check can do in about a minute and counts only the
// chains a packet can reach: istio-1.25 plus 1,000 or 5,000 exclusion CIDRs (one run of same-target rules, 2,170
// classes, 1.5 s of CPU in bench:scale for 5,000) is checked; 5,000 rules that are no such list (each its own CIDR and
// uid) are refused; an unreferenced chain of 2,000 rules adds nothing to the estimate.
import { describe, expect, it } from 'vitest';
import { profileNamed } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { checkClassWork, checkWork, MAX_WORK } from '../../scripts/cli/limits.ts';

const FINAL_OUTPUT_RULE = '-A ISTIO_OUTPUT -j ISTIO_REDIRECT';

function with1_25(cidrs: number, extra: readonly string[] = []) {
  const lines = Array.from(
    { length: cidrs },
    (_, i) => `-A ISTIO_OUTPUT -d 100.${64 + (i >> 8)}.${i & 255}.0/24 -j RETURN`,
  );
  const text = profileNamed('istio-1.25')
    .rulesText.replace(FINAL_OUTPUT_RULE, [...lines, FINAL_OUTPUT_RULE].join('\n'))
    .replace('COMMIT', [...extra, 'COMMIT'].join('\n'));
  return parseDumpOrThrow(text).rulesets[0]!;
}

describe('check work limit', () => {
  it('istio-1.25 plus 1,000 or 5,000 exclusion CIDRs is under the limit; 5,000 rules that are no list are over it', () => {
    const w = checkWork(with1_25(1000));
    expect(w.classes * w.rules).toBeLessThan(MAX_WORK);
    expect(() => checkClassWork(with1_25(1000), 'ipv4', 'x')).not.toThrow();
    expect(() => checkClassWork(with1_25(5000), 'ipv4', 'x')).not.toThrow();
    const noList = Array.from(
      { length: 5000 },
      (_, i) => `-A ISTIO_OUTPUT -d 100.${64 + (i >> 8)}.${i & 255}.0/24 -m owner --uid-owner ${2000 + i} -j RETURN`,
    );
    const text = profileNamed('istio-1.25').rulesText.replace(
      FINAL_OUTPUT_RULE,
      [...noList, FINAL_OUTPUT_RULE].join('\n'),
    );
    expect(() => checkClassWork(parseDumpOrThrow(text).rulesets[0]!, 'ipv4', 'x')).toThrow(
      /ISTIO_OUTPUT \(5,\d{3} rules/,
    );
  });

  it('a 2,000-rule chain nothing jumps to changes nothing in the estimate', () => {
    const chain = [
      ':UNUSED - [0:0]',
      ...Array.from({ length: 2000 }, (_, i) => `-A UNUSED -s 10.9.${i >> 8}.${i & 255}/32 -j RETURN`),
    ];
    expect(checkWork(with1_25(0, chain))).toEqual(checkWork(with1_25(0)));
  });
});
