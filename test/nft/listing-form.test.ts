// The listing form is what nft prints after loading a script: checked on Istio's goldens (forms.test.ts) and here on a
// hand-written script with one of each rewrite (test/fixtures/nft/README.md), against nft 1.0.6's own listing.
import { expect, test } from 'vitest';
import { listingForm, parseNft, printNftRuleset } from '../../model/nft/index.ts';
import { SAMPLES, SAMPLES_LISTED } from './fixtures.ts';

test('printing the loaded samples gives what nft listed, byte for byte', () => {
  const parsed = parseNft(SAMPLES);
  expect(parsed.issues.map((i) => i.code)).toEqual(['unsupported-statement']); // notrack, kept verbatim
  expect(printNftRuleset(listingForm(parsed.value!.ruleset, { users: { root: 0 } }))).toBe(SAMPLES_LISTED);
});

test('the listing reads back to the listing form of the script (modulo handles)', () => {
  const listed = parseNft(SAMPLES_LISTED).value!.ruleset;
  expect(printNftRuleset(listed)).toBe(SAMPLES_LISTED);
});

test('without the name table, a user name stays a name (nft would resolve it on the machine that loads it)', () => {
  const text = printNftRuleset(listingForm(parseNft(SAMPLES).value!.ruleset));
  expect(text).toContain('meta skuid root meta skgid 0');
});
