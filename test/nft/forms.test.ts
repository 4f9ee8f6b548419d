// Every nftables golden in its three forms: the nft -f transaction Istio writes, and what the real nft listed after
// loading it (text, text with handles, JSON). All four readings give one tree once the transaction is put in listing
// form, and printing that tree gives nft's own listing byte for byte.
import { describe, expect, test } from 'vitest';
import { listingForm, type NftRuleset, parseNft, printNftRuleset, stripNft } from '../../model/nft/index.ts';
import { FIXTURE_GROUPS, golden, listed, NFT_GOLDENS } from './fixtures.ts';

function parsed(text: string) {
  const result = parseNft(text);
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return result.value!;
}

const loaded = (name: string): NftRuleset => listingForm(parsed(golden(name)).ruleset, { groups: FIXTURE_GROUPS });

test('there are 19 goldens, each with three listed forms', () => {
  expect(NFT_GOLDENS).toHaveLength(19);
});

describe.each(NFT_GOLDENS)('%s', (name) => {
  test('each form is recognised', () => {
    expect(parsed(golden(name)).format).toBe('nft-script');
    expect(parsed(listed(name, 'nft')).format).toBe('nft-ruleset');
    expect(parsed(listed(name, 'a.nft')).format).toBe('nft-ruleset');
    expect(parsed(listed(name, 'json')).format).toBe('nft-json');
    expect(parsed(golden(name)).warnings).toEqual([]);
  });

  test('the listed text, the listed JSON and the replayed transaction give one tree (modulo positions, counters)', () => {
    const expected = stripNft(loaded(name), { counters: true });
    // In a fresh namespace the kernel hands out the handles the replay predicts.
    expect(stripNft(parsed(listed(name, 'a.nft')).ruleset, { counters: true })).toEqual(expected);
    expect(stripNft(parsed(listed(name, 'json')).ruleset, { counters: true })).toEqual(expected);
    // Without -a the listing has no handles; a block's rules are created after its chains, so the replay's differ.
    expect(stripNft(parsed(listed(name, 'nft')).ruleset, { counters: true, handles: true })).toEqual(
      stripNft(expected, { handles: true }),
    );
  });

  test('printing the loaded transaction gives nft list ruleset and nft -a list ruleset byte for byte', () => {
    expect(printNftRuleset(loaded(name))).toBe(listed(name, 'nft'));
    expect(printNftRuleset(loaded(name), { handles: true })).toBe(listed(name, 'a.nft'));
  });
});
