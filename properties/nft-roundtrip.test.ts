// parse(print(x)) = x (ignoring positions) for generated nft trees, as properties/rules-roundtrip.test.ts does for
// iptables; and printing is a fixed point after one round trip.
import { describe, expect } from 'vitest';
import { parseNft, printNftRuleset, stripNft } from '../model/nft/index.ts';
import { prop } from '../test/helpers/prop.ts';
import { nftRuleset } from './arbitraries/nft-ruleset.ts';

describe('nft printer and parser round trip', () => {
  prop([nftRuleset()])('parseNft(printNftRuleset(x, handles)) gives x back', (x) => {
    const text = printNftRuleset(x, { handles: true });
    const result = parseNft(text);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.value!.format).toBe('nft-ruleset');
    expect(stripNft(result.value!.ruleset)).toEqual(stripNft(x));
  });

  prop([nftRuleset()])('printing is a fixed point after one round trip', (x) => {
    const once = printNftRuleset(x);
    expect(printNftRuleset(parseNft(once).value!.ruleset)).toBe(once);
  });
});
